using BenchmarkDotNet.Attributes;
using EditDistance.Bench.Inputs;
using EditDistance.Boundary;
using EditDistance.CSharp;
using EditDistance.Rust;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// <c>nearest</c>, k = 10, over the 100 000-word corpus: one query of 8 or 64 code points per invocation, on one
/// thread and on every core. The corpus is prepared once (<see cref="IEditDistance.CreateCorpus"/>), as a
/// search service would, so this isolates the search itself: one crossing per query, then 100 000 distances on
/// the far side of it. Bit-parallel runs twice: on the path each implementation picks (many short entries per vector
/// register, "lanes") and with the entry-by-entry path forced ("scalar"), so that the report can say what the lanes
/// buy. Baseline: C# Wagner–Fischer on one thread.
/// </summary>
/// <remarks>Python is timed in <see cref="NearestPythonBenchmarks"/>, with a job made for calls of a quarter of a second and more.</remarks>
[Scenario("nearest")]
public class NearestBenchmarks
{
    /// <summary>How many matches every benchmark asks for.</summary>
    public const int K = 10;

    private readonly Dictionary<string, ICorpus> _corpora = [];
    private string _query = "";

    [Params(8, 64)]
    public int QueryLength { get; set; }

    /// <summary>One thread, and all cores when the machine has more than one.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

    [GlobalSetup(Targets = [nameof(CSharpBitParallelScalar), nameof(RustBitParallelScalar)])]
    public void SetupScalar()
    {
        Setup();
        ForceScalar(true);
    }

    [GlobalCleanup(Targets = [nameof(CSharpBitParallelScalar), nameof(RustBitParallelScalar)])]
    public void CleanupScalar()
    {
        ForceScalar(false);
        Cleanup();
    }

    /// <summary>
    /// Forces (or releases) the entry-by-entry path in both implementations, a process-wide switch each: C#'s lane width
    /// 0, Rust's lane level 0 (255: back to what the CPU has).
    /// </summary>
    internal static void ForceScalar(bool scalar)
    {
        Lanes.ForcedWidth = scalar ? 0 : null;
        RustBoundary.Lanes(scalar ? (byte)0 : (byte)255);
    }

    [GlobalSetup]
    public void Setup()
    {
        var corpus = InputSet.Corpus();
        _query = InputSet.Query(QueryLength);
        foreach (var implementation in new IEditDistance[]
                 {
                     new CSharpEditDistance(Strategy.Dp), new CSharpEditDistance(Strategy.BitParallel),
                     new RustEditDistance(Strategy.Dp), new RustEditDistance(Strategy.BitParallel),
                 })
        {
            _corpora[$"{implementation.Implementation}/{implementation.Strategy.ToName()}"] =
                implementation.CreateCorpus(corpus);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var corpus in _corpora.Values)
        {
            corpus.Dispose();
        }

        _corpora.Clear();
    }

    [Benchmark(Baseline = true), Measures("csharp", "dp")]
    public IReadOnlyList<Match> CSharpDp() => _corpora["csharp/dp"].Nearest(_query, K, threads: Threads);

    [Benchmark, Measures("csharp", "bitparallel", Path = "lanes")]
    public IReadOnlyList<Match> CSharpBitParallel() => _corpora["csharp/bitparallel"].Nearest(_query, K, threads: Threads);

    [Benchmark, Measures("csharp", "bitparallel", Path = "scalar")]
    public IReadOnlyList<Match> CSharpBitParallelScalar() => _corpora["csharp/bitparallel"].Nearest(_query, K, threads: Threads);

    [Benchmark, Measures("rust", "dp")]
    public IReadOnlyList<Match> RustDp() => _corpora["rust/dp"].Nearest(_query, K, threads: Threads);

    [Benchmark, Measures("rust", "bitparallel", Path = "lanes")]
    public IReadOnlyList<Match> RustBitParallel() => _corpora["rust/bitparallel"].Nearest(_query, K, threads: Threads);

    [Benchmark, Measures("rust", "bitparallel", Path = "scalar")]
    public IReadOnlyList<Match> RustBitParallelScalar() => _corpora["rust/bitparallel"].Nearest(_query, K, threads: Threads);
}
