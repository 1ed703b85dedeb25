using BenchmarkDotNet.Attributes;
using EditDistance.Python;
using Python.Runtime;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// The python-Levenshtein C extension (<c>Levenshtein.distance</c>) called through pythonnet exactly as
/// <see cref="PythonEditDistance"/> calls the pure-Python package: both strings converted on every call. It shows
/// how much of the Python figures is the boundary and how much is the interpreter. Runs only when the chosen
/// interpreter can import <c>Levenshtein</c> (PyPI is not reachable from every machine; Debian packages it as
/// python3-levenshtein for its own python3); otherwise the report says it was left out.
/// </summary>
[Scenario("distance")]
[PerPair]
public class DistancePythonLevenshteinBenchmarks : PairBenchmarks
{
    private PyObject? _distance;
    private PythonThreadState? _pythonThread;
    private string[] _a = [];
    private string[] _b = [];

    public static bool IsAvailable(out string reason)
    {
        try
        {
            if (PythonRuntime.CanImport("Levenshtein"))
            {
                reason = "";
                return true;
            }

            reason = $"python-Levenshtein left out: the hosted Python ({PythonRuntime.Describe().Executable}) cannot import Levenshtein.";
        }
        catch (PythonUnavailableException e)
        {
            reason = $"python-Levenshtein left out: Python could not be started ({e.Message}).";
        }

        return false;
    }

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b) = Batch();
        if (!PythonRuntime.CanImport("Levenshtein"))
        {
            throw new InvalidOperationException("Levenshtein cannot be imported.");
        }

        _pythonThread = PythonRuntime.AttachCurrentThread();
        using (Py.GIL())
        {
            using var module = Py.Import("Levenshtein");
            _distance = module.GetAttr("distance");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using (Py.GIL())
        {
            _distance?.Dispose();
            _distance = null;
        }

        _pythonThread?.Dispose();
    }

    [Benchmark(Baseline = true), Measures("python-Levenshtein", "peer")]
    public int PythonLevenshtein()
    {
        var sum = 0;
        for (var i = 0; i < _a.Length; i++)
        {
            // One GIL acquisition and two conversions per pair, as PythonEditDistance.Distance does.
            using (Py.GIL())
            {
                using var a = new PyString(_a[i]);
                using var b = new PyString(_b[i]);
                using var result = _distance!.Invoke(a, b);
                sum += result.As<int>();
            }
        }

        return sum;
    }
}
