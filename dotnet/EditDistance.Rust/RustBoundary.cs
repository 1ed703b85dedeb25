namespace EditDistance.Rust;

/// <summary>
/// Calls that do no work on the Rust side, so that a benchmark can measure the cost of the crossing itself and
/// subtract it from a real call.
/// </summary>
/// <remarks>
/// <para>
/// Not marked <c>[SuppressGCTransition]</c>, although <c>ed_noop</c> and <c>ed_noop_strings</c> would qualify
/// (short, never block, never call back): these two exist to measure the transition that <c>ed_distance</c> and
/// <c>ed_corpus_nearest</c> pay, and those do not qualify: a distance between two 2 000-character strings or a
/// search of a 100 000-entry corpus runs for milliseconds, during which a suppressed transition would stall every
/// garbage collection in the process. csbindgen has no option to emit the attribute either, and the generated file
/// is never edited by hand; a hand-written second declaration would be the place, if a short export ever needs it.
/// </para>
/// </remarks>
public static unsafe class RustBoundary
{
    /// <summary>A call with no arguments that returns 0.</summary>
    public static uint Noop() => NativeMethods.ed_noop();

    /// <summary>Passes two strings the way <see cref="RustEditDistance"/> does, and returns the sum of their lengths.</summary>
    public static uint NoopStrings(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        fixed (char* pa = a)
        fixed (char* pb = b)
        {
            return NativeMethods.ed_noop_strings((ushort*)pa, (nuint)a.Length, (ushort*)pb, (nuint)b.Length);
        }
    }
}
