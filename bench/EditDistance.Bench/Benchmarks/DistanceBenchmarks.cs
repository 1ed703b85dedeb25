using BenchmarkDotNet.Attributes;
using EditDistance.Bench.Inputs;
using EditDistance.CSharp;
using EditDistance.Python;
using EditDistance.Rust;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// <c>distance</c>, one pair per call: what a caller pays to compare two strings of 8, 64 and 1000 code points,
/// in ASCII and in mixed-script text with astral characters. Every implementation × strategy goes through
/// <see cref="IEditDistance.Distance(string, string)"/> exactly as an application would call it, so Rust includes
/// the P/Invoke crossing and the hand-over of both strings as UTF-16 pointers (no copy), Python the pythonnet crossing and string conversion.
/// The .NET peers are called through their own public API.
/// </summary>
/// <remarks>
/// One invocation runs a batch of distinct pre-generated pairs (<see cref="InputSet.PairsPerBatch"/>), so that
/// one cached pair does not flatter the branch predictor; the report divides by the batch size. The sum of the
/// distances is returned so that no call can be optimized away. Baseline: C# Wagner–Fischer, the code everyone
/// writes first.
/// Python runs on a thread that keeps its Python thread state (<see cref="PythonRuntime.AttachCurrentThread"/>).
/// The three .NET peers count UTF-16 code units, not code points: on the mixed-script text their answers differ from
/// the contract's (each astral character counts twice), so there they are a timing reference only.
/// (python-Levenshtein, in <see cref="DistancePythonLevenshteinBenchmarks"/>, receives Python <c>str</c> objects and
/// counts code points, as the contract does.)
/// </remarks>
[Scenario("distance")]
[PerPair]
public class DistanceBenchmarks : PairBenchmarks
{
    private readonly IEditDistance _csharpDp = new CSharpEditDistance(Strategy.Dp);
    private readonly IEditDistance _csharpBitParallel = new CSharpEditDistance(Strategy.BitParallel);
    private readonly IEditDistance _rustDp = new RustEditDistance(Strategy.Dp);
    private readonly IEditDistance _rustBitParallel = new RustEditDistance(Strategy.BitParallel);
    private readonly IEditDistance _pythonDp = new PythonEditDistance(Strategy.Dp);
    private readonly IEditDistance _pythonBitParallel = new PythonEditDistance(Strategy.BitParallel);
    private readonly F23.StringSimilarity.Levenshtein _f23 = new();
    private PythonThreadState? _pythonThread;
    private string[] _a = [];
    private string[] _b = [];

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b) = Batch();
        _pythonThread = PythonRuntime.AttachCurrentThread();
    }

    [GlobalCleanup]
    public void Cleanup() => _pythonThread?.Dispose();

    [Benchmark(Baseline = true), Measures("csharp", "dp")]
    public int CSharpDp() => Run(_csharpDp);

    [Benchmark, Measures("csharp", "bitparallel")]
    public int CSharpBitParallel() => Run(_csharpBitParallel);

    [Benchmark, Measures("rust", "dp")]
    public int RustDp() => Run(_rustDp);

    [Benchmark, Measures("rust", "bitparallel")]
    public int RustBitParallel() => Run(_rustBitParallel);

    [Benchmark, Measures("python", "dp")]
    public int PythonDp() => Run(_pythonDp);

    [Benchmark, Measures("python", "bitparallel")]
    public int PythonBitParallel() => Run(_pythonBitParallel);

    [Benchmark, Measures("Quickenshtein", "peer")]
    public int Quickenshtein()
    {
        var sum = 0;
        for (var i = 0; i < _a.Length; i++)
        {
            sum += global::Quickenshtein.Levenshtein.GetDistance(_a[i], _b[i]);
        }

        return sum;
    }

    [Benchmark, Measures("FuzzySharp", "peer")]
    public int FuzzySharp()
    {
        var sum = 0;
        for (var i = 0; i < _a.Length; i++)
        {
            sum += global::FuzzySharp.Levenshtein.EditDistance(_a[i], _b[i]);
        }

        return sum;
    }

    [Benchmark, Measures("F23.StringSimilarity", "peer")]
    public int F23StringSimilarity()
    {
        var sum = 0.0;
        for (var i = 0; i < _a.Length; i++)
        {
            sum += _f23.Distance(_a[i], _b[i]);
        }

        return (int)sum;
    }

    private int Run(IEditDistance implementation)
    {
        var sum = 0;
        for (var i = 0; i < _a.Length; i++)
        {
            sum += implementation.Distance(_a[i], _b[i]);
        }

        return sum;
    }
}
