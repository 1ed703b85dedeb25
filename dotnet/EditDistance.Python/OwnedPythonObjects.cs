using System.Runtime.CompilerServices;
using Python.Runtime;

namespace EditDistance.Python;

/// <summary>
/// The Python objects one disposable .NET object owns (a tuple of <see cref="PyObject"/>s), used and released only
/// under the GIL, so that <see cref="Dispose"/> racing a call on another thread can never crash the process: the
/// call either completes or throws <see cref="ObjectDisposedException"/>.
/// </summary>
/// <typeparam name="T">A value tuple of <see cref="PyObject"/>s, e.g. <c>(PyObject Corpus, PyObject Nearest)</c>.</typeparam>
/// <remarks>
/// <para>
/// Why a check outside the GIL is not enough: between a "disposed?" check and taking the GIL, another thread's
/// <see cref="Dispose"/> can take the GIL first and release the objects. The call then runs on a released
/// <see cref="PyObject"/>, and pythonnet hands a null pointer to the C API (<c>PyObject_Call(NULL, …)</c>: SIGSEGV)
/// or fails with a <see cref="NullReferenceException"/>. Here a call tests the state, counts itself and reads the
/// objects inside the same GIL acquisition as the call, and the objects are released only under the GIL and only when
/// no call is counted: the GIL orders the two.
/// </para>
/// <para>
/// Why it stays safe when Python releases the GIL in the middle of a call (CPython hands it to a waiting thread every
/// few milliseconds, <c>sys.getswitchinterval()</c>): a <see cref="Dispose"/> that gets the GIL then finds the call
/// counted and leaves the release to it; the last call to leave releases the objects, under the GIL it holds again by
/// then. CPython would keep most of them alive anyway — an argument tuple pythonnet builds for a call holds its own
/// references, and a module's function is also referenced by its module — but an argument tuple converted once and
/// passed as the call's own tuple (the crossing benchmark's <c>PythonBoundary.NoopPreconverted</c>) is referenced by nothing else, and
/// the count makes the rule independent of what the callee does with its arguments.
/// </para>
/// <para>
/// <see cref="Dispose"/> marks the objects disposed before it takes the GIL, so that new calls stop competing for
/// the GIL at once (otherwise it waits for CPython's 5 ms switch interval while another thread calls in a loop); that
/// early mark only makes calls refuse sooner. The count and the release are only touched under the GIL, which one
/// thread holds at a time, and whichever of Dispose and the last call gets there second finds the objects released
/// and does nothing. A Dispose after the process-exit shutdown has begun only marks them: no thread may touch Python
/// any more, and the objects go with the process.
/// </para>
/// </remarks>
internal sealed class OwnedPythonObjects<T>
    where T : struct, ITuple
{
    private readonly Type owner;
    private T objects;
    private int disposed;
    private int calls;
    private bool released;

    /// <param name="objects">The objects, now owned by this instance.</param>
    /// <param name="owner">The type named by <see cref="ObjectDisposedException"/>.</param>
    internal OwnedPythonObjects(T objects, Type owner)
    {
        this.objects = objects;
        this.owner = owner;
    }

    private bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <summary>
    /// Runs <paramref name="body"/> with the objects and the GIL held, through <see cref="PythonRuntime.Run{TState, TResult}"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException"><see cref="Dispose"/> has been called.</exception>
    /// <exception cref="PythonUnavailableException">The process is exiting.</exception>
    internal TResult Run<TState, TResult>(TState state, Func<T, TState, TResult> body)
    {
        // Spares a disposed owner the GIL (and reports ObjectDisposedException even once Python has shut down), but
        // decides nothing: Dispose may run between this check and the GIL. The check that counts is the one below.
        ObjectDisposedException.ThrowIf(IsDisposed, owner);
        return PythonRuntime.Run((this, state, body), static s => s.Item1.RunHoldingGil(s.state, s.body));
    }

    /// <summary>Releases the objects under the GIL, or leaves that to the last call still using them. Idempotent.</summary>
    internal void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0 || !PythonRuntime.TryEnter())
        {
            return;
        }

        try
        {
            using (Py.GIL())
            {
                if (calls == 0)
                {
                    Release();
                }
            }
        }
        finally
        {
            PythonRuntime.Exit();
        }
    }

    private TResult RunHoldingGil<TState, TResult>(TState state, Func<T, TState, TResult> body)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, owner);
        calls++;
        try
        {
            return body(objects, state);
        }
        finally
        {
            if (--calls == 0 && IsDisposed)
            {
                Release();
            }
        }
    }

    /// <summary>Call with the GIL held.</summary>
    private void Release()
    {
        if (released)
        {
            return;
        }

        released = true;
        ITuple held = objects;
        objects = default;
        for (var i = 0; i < held.Length; i++)
        {
            (held[i] as PyObject)?.Dispose();
        }
    }
}
