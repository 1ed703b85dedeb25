namespace EditDistance.Boundary;

/// <summary>
/// Calls that do no work on the Rust side, so that a benchmark can measure the cost of the crossing itself and
/// subtract it from a real call, the Rust library's allocation counter, and the switch of its lane level.
/// </summary>
/// <remarks>
/// <para>
/// The exports behind it exist only in the library built with the Rust crate's <c>bench</c> feature (the Bench target
/// copies it next to the benchmark app); with the shipped library every member throws
/// <see cref="EntryPointNotFoundException"/> saying so.
/// </para>
/// <para>
/// <see cref="NoopStrings"/> crosses as <c>ed_distance</c> does for long inputs, with the GC transition;
/// <see cref="NoopStringsShortCall"/> as it does for short ones, without (the rule and the limits are in
/// dotnet/EditDistance.Rust/NativeMethods.ShortCall.cs), so that the benchmark shows what skipping it saves.
/// </para>
/// </remarks>
public static unsafe class RustBoundary
{
    /// <summary>A call with no arguments that returns 0.</summary>
    public static uint Noop() => BoundaryNativeMethods.ed_noop();

    /// <summary>Passes two strings the way <c>RustEditDistance</c> does, and returns the sum of their lengths.</summary>
    public static uint NoopStrings(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        fixed (char* pa = a)
        fixed (char* pb = b)
        {
            return BoundaryNativeMethods.ed_noop_strings((ushort*)pa, (nuint)a.Length, (ushort*)pb, (nuint)b.Length);
        }
    }

    /// <summary><see cref="NoopStrings"/> without the GC transition, as <c>RustEditDistance</c> passes short strings.</summary>
    public static uint NoopStringsShortCall(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        fixed (char* pa = a)
        fixed (char* pb = b)
        {
            return BoundaryNativeMethods.ed_noop_strings_short((ushort*)pa, (nuint)a.Length, (ushort*)pb, (nuint)b.Length);
        }
    }

    /// <summary>
    /// How many allocations the Rust library has asked its allocator for since it was loaded into this process, and
    /// how many bytes they requested; subtract two readings to count what the calls between them allocated.
    /// </summary>
    /// <remarks>
    /// The library's own allocations only (the native heap), on every thread, its search threads included; nothing
    /// .NET allocates. A reallocation counts as one allocation of its new size, as MemoryDiagnoser counts a growing
    /// <c>List&lt;T&gt;</c>; frees are not subtracted. Calls on other threads between two readings count too.
    /// </remarks>
    public static (ulong Count, ulong Bytes) Allocations()
    {
        var allocations = BoundaryNativeMethods.ed_bench_allocations();
        return (allocations.count, allocations.bytes);
    }

    /// <summary>
    /// Forces the lane level of the Rust bit-parallel nearest search, so that one process can time the lanes against
    /// the scalar path: 0 = scalar (each entry on its own), 1 = SSE2, 2 = AVX2, each clamped to what the CPU has; any
    /// other value (255 by convention) goes back to the level the CPU supports. Returns the level now in force, to
    /// label what was timed.
    /// </summary>
    /// <remarks>
    /// Process-wide and for every later search on any thread; it changes how fast a search runs, never what it finds.
    /// </remarks>
    public static byte Lanes(byte level) => BoundaryNativeMethods.ed_bench_lanes(level);
}
