using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EditDistance.Rust;

/// <summary>
/// A second, hand-written declaration of <c>ed_distance</c> without the GC transition, for calls whose work is
/// known from the input lengths to take well under a microsecond. csbindgen has no option for the attribute, and
/// the generated file is never edited, so the declaration lives here, beside it, on the same export.
/// </summary>
/// <remarks>
/// <para>
/// A P/Invoke normally switches the thread to preemptive mode on the way in (so that a garbage collection may run
/// while native code does) and back on the way out, polling for a pending collection: a fixed few nanoseconds that
/// the crossing benchmark measures with and without the transition. <see cref="SuppressGCTransitionAttribute"/> skips both,
/// so the thread stays in cooperative mode: a collection that starts meanwhile waits for the call to return.
/// </para>
/// <para>
/// The rule for using it, which <c>ed_distance</c> satisfies only under <see cref="IsShortCall"/>:
/// <list type="bullet">
/// <item><b>Short</b>: every collection in the process waits for the call; the limits keep the work to a few hundred
/// nanoseconds (one 64-bit word for bit-parallel, at most 256 cells for dp).</item>
/// <item><b>Never blocks</b> on anything that could wait for managed code: no locks shared with .NET, no I/O, no
/// waiting for another thread. The only lock it can take is the system allocator's, on a thread's first call (its
/// scratch buffers) or when a pattern's table grows; that lock is held only by native code, which never waits for a
/// collection, so it is always released.</item>
/// <item><b>Never calls back</b> into .NET (no callbacks, no reverse P/Invoke), and <b>never throws</b>: errors
/// come back as an <see cref="EdStatus"/>, and Rust panics are caught before the boundary.</item>
/// </list>
/// The pinned strings stay valid either way: `fixed` pins them for the whole call, and no collection runs during it.
/// </para>
/// </remarks>
internal static unsafe partial class NativeMethods
{
    /// <summary>Longest string, in UTF-16 code units, that the bit-parallel strategy takes without the transition.</summary>
    internal const int ShortCallBitParallelUnits = 64;

    /// <summary>Most DP cells (product of the lengths) that the dp strategy takes without the transition.</summary>
    internal const int ShortCallDpCells = 256;

    /// <summary>
    /// True when a distance between strings of these lengths (UTF-16 code units, an upper bound on their code points)
    /// is short enough for <see cref="ed_distance_short"/>: both fit one word for bit-parallel (at most 64 steps of
    /// the one-word recurrence after a pattern table of 64 entries), or at most 256 cells for dp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsShortCall(Strategy strategy, int aLength, int bLength) =>
        strategy == Strategy.BitParallel
            ? (uint)aLength <= ShortCallBitParallelUnits && (uint)bLength <= ShortCallBitParallelUnits
            : (long)aLength * bLength <= ShortCallDpCells;

    /// <summary><c>ed_distance</c> without the GC transition: only where <see cref="IsShortCall"/> says so.</summary>
    [DllImport(__DllName, EntryPoint = "ed_distance", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    internal static extern EdStatus ed_distance_short(uint strategy, ushort* a, nuint a_len, ushort* b, nuint b_len, uint max_distance, uint* out_distance, EdErrorInfo* out_error);
}
