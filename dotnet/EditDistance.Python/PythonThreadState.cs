using Python.Runtime;

namespace EditDistance.Python;

/// <summary>
/// A Python thread state kept by one thread, with the GIL released, from <see cref="PythonRuntime.AttachCurrentThread"/>
/// until <see cref="Dispose"/>; every call into Python from that thread meanwhile reuses it.
/// </summary>
/// <remarks>
/// <para>
/// Why: pythonnet takes the GIL with <c>PyGILState_Ensure</c>. On a thread without a thread state (a thread-pool
/// thread, a new thread) it creates one, and <c>PyGILState_Release</c> destroys it again at the end of the call.
/// Measured on this project's machines: an empty pythonnet call costs ~8 µs from such a thread against ~0.2 µs from a
/// thread that keeps its state. Attaching takes the GIL once (creating the state and raising its use count) and
/// releases the GIL at once with <see cref="PythonEngine.BeginAllowThreads"/>; each later <c>Py.GIL()</c> on the
/// thread finds the state, so it only takes and releases the GIL, and the count never falls to zero.
/// </para>
/// <para>
/// Rules: attach and dispose outside the GIL — not inside <c>using (Py.GIL())</c>, nor in a call from Python into
/// .NET — or get an <see cref="InvalidOperationException"/> and no change: <c>PyGILState_Ensure</c> nests, so
/// attaching there would release the GIL that the enclosing code holds and relies on, and disposing there would wait
/// for the GIL the thread holds itself (a deadlock). Dispose on the thread that attached
/// (<see cref="InvalidOperationException"/> otherwise: the state belongs to that OS thread). Disposing twice does
/// nothing. Attaching again on an attached thread is harmless: the attachments are counted per thread and the state
/// is released when the last one is disposed, in any order.
/// </para>
/// <para>
/// Attaching does not hold the GIL, so other threads keep calling Python meanwhile, and the process-exit shutdown
/// does not wait for attached threads; once it has begun, <see cref="Dispose"/> touches nothing and the state goes
/// with the process. A thread that ends without disposing leaks its state for the life of the process.
/// </para>
/// </remarks>
public sealed class PythonThreadState : IDisposable
{
    // The state belongs to the OS thread, so the bookkeeping is per thread (CoreCLR maps managed threads 1:1 to OS
    // threads); the handles only count.
    [ThreadStatic] private static int attachments;
    [ThreadStatic] private static Py.GILState? gil;
    [ThreadStatic] private static nint saved;

    private readonly int _thread = Environment.CurrentManagedThreadId;
    private bool _disposed;

    /// <exception cref="PythonUnavailableException">Python could not be started, or the process is exiting.</exception>
    /// <exception cref="InvalidOperationException">The calling thread holds the GIL.</exception>
    internal PythonThreadState()
    {
        PythonRuntime.EnterOrThrow();
        try
        {
            if (PythonRuntime.HoldsGil())
            {
                throw new InvalidOperationException(
                    "This thread holds the GIL (inside `using (Py.GIL())`, or in a call from Python into .NET): attaching it " +
                    "now would release the GIL that the enclosing code holds. Attach at the start of the thread's work, " +
                    "outside any Py.GIL() block; code that already holds the GIL needs no attachment.");
            }

            if (attachments == 0)
            {
                var state = Py.GIL();
                // pythonnet's GILState finalizer throws when a state is collected undisposed, which would take the
                // process down for a thread that ended while attached (or for a Dispose after shutdown, which must
                // not touch Python): this type releases it explicitly instead.
                GC.SuppressFinalize(state);
                saved = PythonEngine.BeginAllowThreads();
                gil = state;
            }

            attachments++;
        }
        finally
        {
            PythonRuntime.Exit();
        }
    }

    /// <summary>Whether this attachment has been disposed.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Ends this attachment; the thread state is released with the thread's last attachment.</summary>
    /// <exception cref="InvalidOperationException">
    /// Called on another thread than the one that attached, or while this thread holds the GIL. Nothing changes: dispose
    /// again on the attaching thread, outside the GIL.
    /// </exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (Environment.CurrentManagedThreadId != _thread)
        {
            throw new InvalidOperationException(
                $"A Python thread state must be released on the thread that attached it (managed thread {_thread}), " +
                $"not on managed thread {Environment.CurrentManagedThreadId}.");
        }

        // Once the process-exit shutdown has begun no thread may touch Python, not even to ask about the GIL: the
        // bookkeeping below then touches nothing, and the state goes with the process.
        var entered = PythonRuntime.TryEnter();
        try
        {
            if (entered && PythonRuntime.HoldsGil())
            {
                throw new InvalidOperationException(
                    "This thread holds the GIL (inside `using (Py.GIL())`, or in a call from Python into .NET): releasing " +
                    "its Python thread state now would wait for the GIL it holds itself. Dispose the attachment after " +
                    "leaving the Py.GIL() block; it stays valid until then.");
            }

            _disposed = true;
            if (--attachments > 0)
            {
                return;
            }

            var state = gil!;
            gil = null;
            if (entered)
            {
                // Take the GIL back with the kept state, then let PyGILState_Release drop the count to zero and delete it.
                PythonEngine.EndAllowThreads(saved);
                state.Dispose();
            }
        }
        finally
        {
            if (entered)
            {
                PythonRuntime.Exit();
            }
        }
    }
}
