using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace EditDistance.Rust;

/// <summary>
/// The callback pattern: Rust calls back into managed code once per result (<c>ed_corpus_within</c>), for result
/// sets whose size is not known in advance, where <see cref="Nearest"/>'s caller-sized buffer does not fit.
/// </summary>
/// <remarks>
/// <para>
/// Three decisions make the crossing back safe:
/// </para>
/// <list type="number">
/// <item><description>
/// <b>A static <c>[UnmanagedCallersOnly]</c> trampoline</b>, passed as a C# function pointer
/// (<c>delegate* unmanaged[Cdecl]</c>, what csbindgen maps Rust's <c>Option&lt;unsafe extern "C" fn&gt;</c> to). Unlike
/// a marshalled delegate (<see cref="Marshal.GetFunctionPointerForDelegate{TDelegate}(TDelegate)"/>) it allocates
/// no thunk and cannot be collected while Rust still holds it: a static method's entry point lives as long as the
/// process.
/// </description></item>
/// <item><description>
/// <b><c>user_data</c> points to a struct on this method's stack</b>, holding the caller's delegate and the
/// exception it may throw. The native call can only call back before it returns, and this frame is live for
/// exactly that long; the stack never moves, so nothing needs pinning, and the garbage collector still sees
/// (and updates) the references the struct holds, because it is an ordinary local. A <see cref="GCHandle"/> would
/// work too, but costs a handle-table entry that must be freed on every path, for no gain: it only helps when
/// native code keeps <c>user_data</c> after the call, which the Rust contract rules out. (The runtime's own ICU
/// enumeration callbacks use the same stack-state pattern.)
/// </description></item>
/// <item><description>
/// <b>No exception crosses Rust frames.</b> Unwinding a managed exception through native frames is undefined
/// behaviour on some platforms and a fail-fast on others, and an exception escaping an
/// <c>[UnmanagedCallersOnly]</c> method always terminates the process. So the trampoline catches everything the
/// delegate throws, records it, answers "stop", and <see cref="Within"/> rethrows it with its original stack trace
/// (<see cref="ExceptionDispatchInfo"/>) once Rust has returned normally.
/// </description></item>
/// </list>
/// <para>
/// The native call keeps the corpus alive with the same <see cref="SafeHandle.DangerousAddRef"/> discipline as
/// <see cref="Nearest"/>, so even a delegate that disposes this corpus is safe: the search finishes, later calls
/// throw <see cref="ObjectDisposedException"/>. A native call that calls back must never be marked
/// <c>[SuppressGCTransition]</c>: the callback needs the GC transition it would skip.
/// </para>
/// </remarks>
public sealed unsafe partial class RustCorpus
{
    /// <summary>The trampoline's answer to Rust: 0 = go on, anything else = stop (the ABI's stop protocol).</summary>
    private const uint Continue = 0;

    private const uint Stop = 1;

    /// <summary>
    /// Hands every entry within <paramref name="maxDistance"/> of <paramref name="query"/> to
    /// <paramref name="onMatch"/> as Rust finds it, in corpus order (ascending <see cref="Match.Index"/>), without
    /// collecting the results anywhere.
    /// </summary>
    /// <param name="query">The string to search for.</param>
    /// <param name="maxDistance">Entries farther than this are not reported.</param>
    /// <param name="onMatch">
    /// Called once per match with the entry's index and its exact distance; returns <see langword="true"/> to go on
    /// and <see langword="false"/> to stop the search (stopping is not an error). It runs on the calling thread, one
    /// call at a time, and only before <see cref="Within"/> returns. It may use the library meanwhile (compute a
    /// distance, even search this corpus again). An exception it throws stops the search and is rethrown from
    /// <see cref="Within"/>, unchanged.
    /// </param>
    /// <returns>
    /// How many entries were compared, the one whose <paramref name="onMatch"/> stopped the search included:
    /// <see cref="Count"/> when the search ran to the end.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> or <paramref name="onMatch"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistance"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> holds a lone surrogate.</exception>
    /// <exception cref="ObjectDisposedException">The corpus has been disposed.</exception>
    public int Within(string query, int maxDistance, Func<Match, bool> onMatch)
    {
        if (query is null || maxDistance < 0 || onMatch is null)
        {
            Arguments.ThrowIfInvalid(query);
            Arguments.ThrowIfNegative(maxDistance);
            ArgumentNullException.ThrowIfNull(onMatch);
        }

        ObjectDisposedException.ThrowIf(handle.IsClosed, this);

        var state = new WithinState(onMatch);
        var addedRef = false;
        try
        {
            // Keeps the native corpus alive for the call's duration, callbacks included.
            handle.DangerousAddRef(ref addedRef);
            nuint visited;
            EdErrorInfo error = default;
            EdStatus status;
            fixed (char* pQuery = query)
            {
                status = NativeMethods.ed_corpus_within(
                    handle.Pointer,
                    (uint)strategy,
                    (ushort*)pQuery,
                    (nuint)query.Length,
                    (uint)maxDistance,
                    &OnMatchTrampoline,
                    Unsafe.AsPointer(ref state),
                    &visited,
                    &error);
            }

            // The caller's exception first: it is why the search stopped, whatever Rust reported after.
            state.Exception?.Throw();
            NativeMethods.ThrowIfFailed(status, error);
            return checked((int)visited);
        }
        finally
        {
            if (addedRef)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>What <c>user_data</c> points to during one <see cref="Within"/> call: lives on that call's stack.</summary>
    private struct WithinState(Func<Match, bool> onMatch)
    {
        public readonly Func<Match, bool> OnMatch = onMatch;

        /// <summary>What <see cref="OnMatch"/> threw, to rethrow once Rust has returned.</summary>
        public ExceptionDispatchInfo? Exception;
    }

    /// <summary>
    /// Called by Rust for each match (<c>on_match(user_data, index, distance)</c>). Must never let an exception
    /// escape: it would unwind into Rust frames.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static uint OnMatchTrampoline(void* userData, uint index, uint distance)
    {
        ref var state = ref Unsafe.AsRef<WithinState>(userData);
        try
        {
            return state.OnMatch(new Match((int)index, (int)distance)) ? Continue : Stop;
        }
        catch (Exception exception)
        {
            state.Exception = ExceptionDispatchInfo.Capture(exception);
            return Stop;
        }
    }
}
