using EditDistance.Python;
using Python.Runtime;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// Keeps a CPython thread state alive on the calling thread, with the GIL released, until disposed.
/// </summary>
/// <remarks>
/// <para>
/// Measured on this project's machines: a pythonnet call from a thread that has no Python thread state costs
/// ~8 µs more than the same call from a thread that has one (~0.5 µs), because every <c>Py.GIL()</c> on such a
/// thread makes <c>PyGILState_Ensure</c> create a thread state and <c>PyGILState_Release</c> destroy it again.
/// BenchmarkDotNet's in-process toolchain runs each benchmark on a thread of its own, and a .NET application calls
/// from thread-pool threads: both are in that situation unless something keeps the state.
/// </para>
/// <para>
/// The Python benchmarks hold one of these from [GlobalSetup] to [GlobalCleanup] (both run on the benchmark's
/// thread), so that they measure the call as a long-lived worker thread makes it; the crossing benchmark
/// "pythonnet-no-thread-state" measures the other case. Dispose on the thread that created it.
/// </para>
/// </remarks>
public sealed class PythonThreadState : IDisposable
{
    private readonly int _thread = Environment.CurrentManagedThreadId;
    private Py.GILState? _gil;
    private nint _saved;

    public PythonThreadState()
    {
        PythonRuntime.Describe(); // starts Python, or throws the library's explanation of why it cannot
        _gil = Py.GIL();
        _saved = PythonEngine.BeginAllowThreads();
    }

    public void Dispose()
    {
        if (_gil is null)
        {
            return;
        }

        if (Environment.CurrentManagedThreadId != _thread)
        {
            throw new InvalidOperationException("A Python thread state must be released on the thread that created it.");
        }

        PythonEngine.EndAllowThreads(_saved);
        _gil.Dispose();
        _gil = null;
    }
}
