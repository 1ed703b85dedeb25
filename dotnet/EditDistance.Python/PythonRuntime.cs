using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Python.Runtime;

namespace EditDistance.Python;

/// <summary>Facts about the CPython interpreter hosted in this process, for reports.</summary>
/// <param name="Executable">The interpreter's <c>sys.executable</c>.</param>
/// <param name="Version">Its version, e.g. "3.11.7".</param>
/// <param name="LibraryPath">The shared libpython loaded into this process.</param>
/// <param name="Home">Its <c>sys.base_prefix</c>, used as the Python home.</param>
/// <param name="PackageDirectory">The folder on <c>sys.path</c> that holds the <c>edit_distance</c> package.</param>
public sealed record PythonInterpreter(string Executable, string Version, string LibraryPath, string Home, string PackageDirectory);

/// <summary>
/// The one place that starts CPython in this process: every use of Python goes through <see cref="Run{TState, TResult}"/>,
/// which initializes the interpreter once, takes the GIL and translates Python exceptions.
/// </summary>
/// <remarks>
/// pythonnet allows one interpreter per process and no restart (Initialize → Shutdown → Initialize crashes the
/// process), and it caches a failed load of libpython. So initialization runs once under a lock, a failure is
/// remembered and reported again with the same message, and the interpreter is shut down only at process exit.
/// <para>
/// At process exit, calls in flight get up to <see cref="ShutdownTimeout"/> to finish; then pythonnet's
/// <see cref="PythonEngine.Shutdown"/> runs. A call still running after that time is abandoned with the process:
/// Python is left as it is, the thread running the call stops where it is when the process ends (no <c>finally</c>
/// block on it runs, .NET or Python), and pythonnet's shutdown does not run (its shutdown handlers, the release of
/// the .NET objects it exposes to Python, the garbage collection of Python objects and their <c>__del__</c> methods).
/// pythonnet never finalizes CPython (<c>Py_Finalize</c>), even on a clean exit: Python <c>atexit</c> handlers do
/// not run and unflushed <c>sys.stdout</c> / <c>sys.stderr</c> buffers are lost in both cases.
/// </para>
/// </remarks>
public static unsafe class PythonRuntime
{
    /// <summary>Environment variable naming the interpreter to host (default: <c>python3</c> on PATH, <c>python</c> on Windows).</summary>
    public const string InterpreterVariable = "EDIT_DISTANCE_PYTHON";

    /// <summary>Environment variable naming the folder that holds <c>edit_distance/</c> (default: <c>python/</c> next to the assembly).</summary>
    public const string PackagePathVariable = "EDIT_DISTANCE_PYTHONPATH";

    /// <summary>The oldest Python the package supports.</summary>
    public static readonly Version MinimumVersion = new(3, 10);

    private static readonly Lock Gate = new();

    private static PythonInterpreter? interpreter;
    private static PythonUnavailableException? failure;
    private static bool ownsEngine;
    private static int shuttingDown;
    private static int activeCalls;
    private static long shutdownTimeoutTicks = TimeSpan.FromSeconds(10).Ticks;
    private static PyObject? boundaryModule;
    private static PyObject? valueError;
    private static PyObject? typeError;
    private static delegate* unmanaged[Cdecl]<int> gilStateCheck;

    /// <summary>
    /// How long the process-exit handler waits for Python calls still in flight before it gives up on shutting
    /// Python down (default 10 s). <see cref="Timeout.InfiniteTimeSpan"/> waits for as long as they run.
    /// </summary>
    /// <remarks>
    /// When calls are still running after this time, the process exits without <see cref="PythonEngine.Shutdown"/>
    /// and those calls are abandoned with it (see <see cref="PythonRuntime"/>); the process still exits normally, with
    /// its own exit code. Calls that finish in time let the shutdown run as usual.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The value is negative (other than <see cref="Timeout.InfiniteTimeSpan"/>) or more than <see cref="int.MaxValue"/>
    /// milliseconds, which the wait cannot express.
    /// </exception>
    public static TimeSpan ShutdownTimeout
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref shutdownTimeoutTicks));
        set
        {
            // Checked here rather than failing inside the exit handler, where an exception would crash the process.
            if ((value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan) || value.TotalMilliseconds > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"The shutdown timeout must be between zero and {int.MaxValue} ms, or Timeout.InfiniteTimeSpan.");
            }

            Interlocked.Exchange(ref shutdownTimeoutTicks, value.Ticks);
        }
    }

    /// <summary>
    /// Whether pythonnet's own process-exit handler was found and unsubscribed when this class started Python (see
    /// <see cref="RemovePythonnetExitHandler"/>). False before that, and when another component started Python.
    /// </summary>
    internal static bool PythonnetExitHandlerRemoved { get; private set; }

    /// <summary>
    /// Starts Python if needed and describes the interpreter.
    /// </summary>
    /// <exception cref="PythonUnavailableException">Python could not be started; the message says why and how to fix it.</exception>
    public static PythonInterpreter Describe()
    {
        EnsureInitialized();
        return interpreter!;
    }

    /// <summary>Whether the hosted interpreter can import <paramref name="module"/> (e.g. "Levenshtein").</summary>
    /// <exception cref="PythonUnavailableException">Python could not be started.</exception>
    public static bool CanImport(string module)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        return Run(module, static name =>
        {
            try
            {
                Py.Import(name).Dispose();
                return true;
            }
            catch (PythonException)
            {
                // Any failure while importing (ImportError, or an error raised by the module itself) means "not usable".
                return false;
            }
        });
    }

    /// <summary>
    /// Gives the calling thread a Python thread state that it keeps, with the GIL released, until the returned
    /// object is disposed on this same thread. Every call into Python from this thread meanwhile reuses that state.
    /// </summary>
    /// <remarks>
    /// Without one, each call from a thread Python has not seen (a thread-pool thread, a new thread) makes
    /// <c>PyGILState_Ensure</c> create a thread state and <c>PyGILState_Release</c> destroy it again: measured
    /// ~8 µs per call against ~0.2 µs from a thread that keeps its state. Attach long-lived worker threads that
    /// call Python often. Attaching again on an attached thread is harmless: the state is released when the last
    /// of the thread's attachments is disposed. Attach outside the GIL (not inside <c>using (Py.GIL())</c>): see
    /// <see cref="PythonThreadState"/>.
    /// </remarks>
    /// <exception cref="PythonUnavailableException">Python could not be started, or the process is exiting.</exception>
    /// <exception cref="InvalidOperationException">
    /// The calling thread holds the GIL; nothing changes, and the thread can keep calling Python.
    /// </exception>
    public static PythonThreadState AttachCurrentThread() => new();

    /// <summary>The <c>edit_distance.boundary</c> module. Use only inside <see cref="Run{TState, TResult}"/>.</summary>
    internal static PyObject BoundaryModule => boundaryModule!;

    /// <summary>
    /// Runs <paramref name="body"/> with the GIL held. A <see cref="PythonException"/> leaving it is translated
    /// (see <see cref="PythonErrors"/>), so no Python exception reaches callers untranslated.
    /// </summary>
    /// <remarks>
    /// The GIL is taken once per call. <paramref name="body"/> must not await: releasing the GIL on another thread
    /// aborts the process ("PyGILState_Release"). State is passed explicitly so that static lambdas allocate nothing.
    /// </remarks>
    internal static TResult Run<TState, TResult>(TState state, Func<TState, TResult> body)
    {
        EnterOrThrow();
        try
        {
            using (Py.GIL())
            {
                try
                {
                    return body(state);
                }
                catch (PythonException e)
                {
                    throw PythonErrors.Translate(e);
                }
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Starts Python if needed and counts a use of the C API in flight, so that the process-exit handler waits for it
    /// before shutting Python down. Pair with <see cref="Exit"/>.
    /// </summary>
    /// <exception cref="PythonUnavailableException">Python could not be started, or the process is exiting.</exception>
    internal static void EnterOrThrow()
    {
        EnsureInitialized();
        if (!TryEnter())
        {
            throw new PythonUnavailableException("The Python runtime has been shut down because the process is exiting.");
        }
    }

    /// <summary>
    /// Counts a use of the C API in flight, or returns false (counting nothing) once the process-exit shutdown has
    /// begun: from then on no thread may touch Python, not even to release what it holds.
    /// </summary>
    internal static bool TryEnter()
    {
        // A Dekker-style handshake with OnProcessExit: each side stores its own variable and then loads the other's
        // (here: increment the count, then read the flag; there: set the flag, then read the count). Both stores are
        // Interlocked operations, full fences, so neither load can be served before the store above it is visible:
        // at least one side sees the other, and a call never runs under a shutdown that did not wait for it.
        Interlocked.Increment(ref activeCalls);
        if (Volatile.Read(ref shuttingDown) != 0)
        {
            Interlocked.Decrement(ref activeCalls);
            return false;
        }

        return true;
    }

    internal static void Exit() => Interlocked.Decrement(ref activeCalls);

    /// <summary>
    /// Whether the calling thread holds the GIL (CPython's <c>PyGILState_Check</c>): inside <c>Py.GIL()</c>, inside
    /// <see cref="Run{TState, TResult}"/>, or in a call from Python into .NET. Call between <see cref="TryEnter"/> and
    /// <see cref="Exit"/>.
    /// </summary>
    /// <remarks>
    /// Needed because <c>PyGILState_Ensure</c> nests: code that "attaches" a thread and then releases the GIL would
    /// release the GIL of an enclosing <c>Py.GIL()</c> on the same thread, silently (undefined behaviour from then on).
    /// CPython answers 1 for every thread once sub-interpreters exist; this project creates none.
    /// </remarks>
    internal static bool HoldsGil() => gilStateCheck() != 0;

    internal static bool IsValueOrTypeError(PythonException e) =>
        valueError is not null && typeError is not null && (e.Type.IsSubclass(valueError) || e.Type.IsSubclass(typeError));

    private static void EnsureInitialized()
    {
        if (Volatile.Read(ref interpreter) is not null)
        {
            return;
        }

        lock (Gate)
        {
            if (interpreter is not null)
            {
                return;
            }

            if (failure is not null)
            {
                // A fresh exception, so that the stack trace is the caller's; the message and cause are the first ones.
                throw new PythonUnavailableException(failure.Message, failure.InnerException);
            }

            try
            {
                Volatile.Write(ref interpreter, Start());
            }
            catch (Exception e)
            {
                failure = e as PythonUnavailableException ?? new PythonUnavailableException($"Python could not be started: {e.Message}", e);
                throw failure;
            }
        }
    }

    private static PythonInterpreter Start()
    {
        var executable = Environment.GetEnvironmentVariable(InterpreterVariable) is { Length: > 0 } chosen
            ? chosen
            : OperatingSystem.IsWindows() ? "python" : "python3";
        var (facts, library) = PythonInterpreterProbe.Discover(executable);

        var packageDirectory = Environment.GetEnvironmentVariable(PackagePathVariable) is { Length: > 0 } overridden
            ? Path.GetFullPath(overridden)
            : Path.Combine(AppContext.BaseDirectory, "python");
        if (!File.Exists(Path.Combine(packageDirectory, "edit_distance", "__init__.py")))
        {
            throw new PythonUnavailableException(
                $"The edit_distance package is not in '{packageDirectory}'. It is copied there by the build of " +
                $"EditDistance.Python; for development, set {PackagePathVariable} to the repository's python/ folder.");
        }

        if (PythonEngine.IsInitialized)
        {
            // Another component of this process started Python (with its own choice of library); share it and
            // leave its lifetime to that component.
            library = Runtime.PythonDLL ?? library;
        }
        else
        {
            Runtime.PythonDLL = library;
            // Without the home, the library locates its standard library from the process's PATH and may load a
            // different Python's stdlib (seen: Debian's into pyenv's 3.11.7), which crashed inside Initialize.
            PythonEngine.PythonHome = facts.BasePrefix;
            // Ours is the only process-exit handler that may shut Python down: pythonnet's (subscribed by Initialize)
            // runs Shutdown even under a call still running on another thread, which aborts the process ("Fatal
            // Python error: PyThreadState_Get", exit code 134), so it is removed right after Initialize. Subscribed
            // before Initialize, ours still runs first if the removal fails, and idle exits stay clean. (pythonnet's
            // DomainUnload handler needs no such care: .NET Core never raises DomainUnload.)
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
            PythonEngine.Initialize();
            PythonnetExitHandlerRemoved = RemovePythonnetExitHandler();
            // Initialize leaves the GIL with this thread; without releasing it, every other thread's Py.GIL()
            // blocks forever and the process can hang at exit.
            PythonEngine.BeginAllowThreads();
            ownsEngine = true;
        }

        gilStateCheck = BindGilStateCheck(Runtime.PythonDLL);

        using (Py.GIL())
        {
            try
            {
                using var sys = Py.Import("sys");
                using var path = sys.GetAttr("path");
                var present = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < path.Length(); i++)
                {
                    using var entry = path.GetItem(i);
                    present.Add(entry.As<string>());
                }

                using (var first = new PyInt(0))
                using (var entry = new PyString(packageDirectory))
                {
                    path.InvokeMethod("insert", first, entry).Dispose();
                }

                // The interpreter's own sys.path (site-packages of a venv, Debian's dist-packages), which an embedded
                // interpreter does not always rebuild from the home alone.
                foreach (var folder in facts.Path.Where(present.Add))
                {
                    using var entry = new PyString(folder);
                    path.InvokeMethod("append", entry).Dispose();
                }

                Py.Import("edit_distance").Dispose();
                boundaryModule = Py.Import("edit_distance.boundary");
                using var builtins = Py.Import("builtins");
                valueError = builtins.GetAttr("ValueError");
                typeError = builtins.GetAttr("TypeError");
            }
            catch (PythonException e)
            {
                throw new PythonUnavailableException(
                    $"Python {facts.Version} started, but importing edit_distance from '{packageDirectory}' failed: " +
                    $"{e.Type.Name}: {e.Message}", PythonErrors.Describe(e));
            }
        }

        return new PythonInterpreter(facts.Executable, facts.Version, library, facts.BasePrefix, packageDirectory);
    }

    /// <summary>
    /// Finds <c>PyGILState_Check</c> in the libpython pythonnet loaded (pythonnet's own binding of it is internal), or,
    /// when Python hosts .NET and pythonnet was given no library, among the process's global symbols.
    /// </summary>
    private static delegate* unmanaged[Cdecl]<int> BindGilStateCheck(string? library)
    {
        // Loading a library already loaded returns the same handle; nothing is loaded twice.
        var handle = library is not null ? NativeLibrary.Load(library) : NativeLibrary.GetMainProgramHandle();
        if (!NativeLibrary.TryGetExport(handle, "PyGILState_Check", out var export))
        {
            throw new PythonUnavailableException(
                $"PyGILState_Check was not found in {library ?? "the process"}, which pythonnet runs Python from: " +
                $"it is not a CPython {MinimumVersion}+ library. Set {InterpreterVariable} to a CPython interpreter.");
        }

        return (delegate* unmanaged[Cdecl]<int>)export;
    }

    /// <summary>
    /// Unsubscribes pythonnet's process-exit handler (<c>PythonEngine.OnProcessExit</c>, private), so that
    /// <see cref="OnProcessExit"/> alone decides whether Python is shut down.
    /// </summary>
    /// <returns>False when this pythonnet version has no such method: then a call still running at process exit
    /// aborts the process again, as described in the README.</returns>
    private static bool RemovePythonnetExitHandler()
    {
        // Two delegates to the same static method compare equal, so removing a new one removes pythonnet's.
        var method = typeof(PythonEngine).GetMethod(
            "OnProcessExit", BindingFlags.NonPublic | BindingFlags.Static, [typeof(object), typeof(EventArgs)]);
        if (method is null || Delegate.CreateDelegate(typeof(EventHandler), method, throwOnBindFailure: false) is not EventHandler handler)
        {
            Trace.TraceWarning(
                $"pythonnet {typeof(PythonEngine).Assembly.GetName().Version} has no PythonEngine.OnProcessExit(object, EventArgs): " +
                "its own exit handler stays subscribed, and a Python call still running at process exit will abort the process.");
            return false;
        }

        AppDomain.CurrentDomain.ProcessExit -= handler;
        return true;
    }

    private static void OnProcessExit(object? sender, EventArgs e)
    {
        lock (Gate)
        {
            // The lock only waits for a Start in progress on another thread; the handshake with TryEnter is the
            // Interlocked exchange (see TryEnter), not the lock, whose release is no full fence.
            if (!ownsEngine || Interlocked.Exchange(ref shuttingDown, 1) != 0)
            {
                return;
            }
        }

        // Shutting Python down under a thread that is still running Python crashes the process; exiting without
        // Shutdown is the lesser evil, so give calls in flight a bounded time to finish, then abandon them. Threads
        // that are merely attached (PythonThreadState) hold no GIL and are not waited for: their later Dispose,
        // seeing the flag, touches nothing.
        if (!SpinWait.SpinUntil(() => Volatile.Read(ref activeCalls) == 0, ShutdownTimeout))
        {
            return;
        }

        using (Py.GIL())
        {
            boundaryModule?.Dispose();
            valueError?.Dispose();
            typeError?.Dispose();
        }

        PythonEngine.Shutdown();
    }
}
