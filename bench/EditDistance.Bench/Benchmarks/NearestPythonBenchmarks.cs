using BenchmarkDotNet.Attributes;
using EditDistance.Bench.Inputs;
using EditDistance.Boundary;
using EditDistance.Python;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// <c>nearest</c> in pure Python through pythonnet: the same corpus, queries and k as
/// <see cref="NearestBenchmarks"/>, one thread only — the GIL serializes Python threads, so the implementation
/// refuses more than one (<see cref="ICorpus.Nearest"/> throws <see cref="NotSupportedException"/>).
/// </summary>
/// <remarks>
/// A separate class because one query costs from tens of milliseconds (bit-parallel) to a quarter of a second
/// and more (Wagner–Fischer): it runs under a monitoring job (one invocation per iteration, no pilot stage), see
/// <see cref="Running.Jobs"/>.
/// Baseline: Python Wagner–Fischer.
/// </remarks>
[Scenario("nearest")]
public class NearestPythonBenchmarks
{
    private PythonThreadState? _pythonThread;
    private ICorpus? _dp;
    private ICorpus? _bitParallel;
    private string _query = "";

    [Params(8, 64)]
    public int QueryLength { get; set; }

    /// <summary>Always 1: present so that the results line up with <see cref="NearestBenchmarks"/>.</summary>
    [Params(1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pythonThread = PythonRuntime.AttachCurrentThread();
        var corpus = InputSet.Corpus();
        _query = InputSet.Query(QueryLength);
        _dp = new PythonEditDistance(Strategy.Dp).CreateCorpus(corpus);
        _bitParallel = new PythonEditDistance(Strategy.BitParallel).CreateCorpus(corpus);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dp?.Dispose();
        _bitParallel?.Dispose();
        _pythonThread?.Dispose();
    }

    [Benchmark(Baseline = true), Measures("python", "dp")]
    public IReadOnlyList<Match> PythonDp() => _dp!.Nearest(_query, NearestBenchmarks.K, threads: Threads);

    [Benchmark, Measures("python", "bitparallel", Path = "lanes")]
    public IReadOnlyList<Match> PythonBitParallel() => _bitParallel!.Nearest(_query, NearestBenchmarks.K, threads: Threads);

    [Benchmark, Measures("python", "bitparallel", Path = "scalar")]
    public IReadOnlyList<Match> PythonBitParallelScalar() => _bitParallel!.Nearest(_query, NearestBenchmarks.K, threads: Threads);

    [GlobalSetup(Target = nameof(PythonBitParallelScalar))]
    public void SetupScalar()
    {
        Setup();
        PythonBoundary.SetLanes(false);
    }

    [GlobalCleanup(Target = nameof(PythonBitParallelScalar))]
    public void CleanupScalar()
    {
        PythonBoundary.SetLanes(true);
        Cleanup();
    }
}
