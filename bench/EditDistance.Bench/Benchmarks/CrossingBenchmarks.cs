using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using EditDistance.Bench.Inputs;
using EditDistance.Boundary;
using EditDistance.Python;
using EditDistance.Rust;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// The bare cost of a call that does no work: a non-inlined managed call (the baseline), a P/Invoke into an
/// exported Rust function without arguments, and an empty pythonnet call (two 8-character ASCII arguments
/// converted once) from a thread that keeps its Python thread state and from one that does not (see
/// <see cref="PythonThreadState"/>: every other Python benchmark keeps it). Together with
/// <see cref="CrossingStringsBenchmarks"/> this is the floor under every call in <see cref="DistanceBenchmarks"/>.
/// </summary>
[Scenario("crossing")]
public class CrossingCallBenchmarks
{
    private PythonBoundary? _python;
    private PythonThreadState? _pythonThread;

    [GlobalSetup(Targets = [nameof(PythonNoopWithThreadState)])]
    public void SetupWithThreadState()
    {
        SetupPython();
        _pythonThread = PythonRuntime.AttachCurrentThread();
    }

    [GlobalSetup(Targets = [nameof(PythonNoopWithoutThreadState)])]
    public void SetupPython() => _python = new PythonBoundary("abcdefgh", "abcdefgx");

    [GlobalCleanup(Targets = [nameof(PythonNoopWithThreadState), nameof(PythonNoopWithoutThreadState)])]
    public void CleanupPython()
    {
        _python?.Dispose();
        _pythonThread?.Dispose();
    }

    [Benchmark(Baseline = true), Measures("csharp", "managed-noop")]
    public uint ManagedNoop() => Noop();

    [Benchmark, Measures("rust", "pinvoke-noop")]
    public uint RustNoop() => RustBoundary.Noop();

    [Benchmark, Measures("python", "pythonnet-thread-state")]
    public int PythonNoopWithThreadState() => _python!.NoopPreconverted();

    [Benchmark, Measures("python", "pythonnet-no-thread-state")]
    public int PythonNoopWithoutThreadState() => _python!.NoopPreconverted();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint Noop() => 0;
}

/// <summary>
/// Crossing with the two strings of a distance pair and doing nothing with them, at the lengths and texts of
/// <see cref="DistanceBenchmarks"/>: into Rust through P/Invoke (the strings handed over exactly as
/// <see cref="RustEditDistance"/> hands them over), and into a Python function through pythonnet, once with the
/// arguments converted to Python strings beforehand and once converting both on every call. The P/Invoke is timed
/// with the GC transition and without it (the short-call path <see cref="RustEditDistance"/> takes for short inputs).
/// Set beside the distance timings, these separate the boundary from the work. Baseline: the P/Invoke crossing.
/// </summary>
[Scenario("crossing")]
public class CrossingStringsBenchmarks : PairBenchmarks
{
    private string _a = "";
    private string _b = "";
    private PythonBoundary? _python;
    private PythonThreadState? _pythonThread;

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b) = InputSet.Pairs(Text, Length)[0];
        _python = new PythonBoundary(_a, _b);
        _pythonThread = PythonRuntime.AttachCurrentThread();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _python?.Dispose();
        _pythonThread?.Dispose();
    }

    [Benchmark(Baseline = true), Measures("rust", "pinvoke-strings")]
    public uint RustNoopStrings() => RustBoundary.NoopStrings(_a, _b);

    [Benchmark, Measures("rust", "pinvoke-strings-short-call")]
    public uint RustNoopStringsShortCall() => RustBoundary.NoopStringsShortCall(_a, _b);

    [Benchmark, Measures("python", "pythonnet-preconverted")]
    public int PythonNoopPreconverted() => _python!.NoopPreconverted();

    [Benchmark, Measures("python", "pythonnet-converting")]
    public int PythonNoopConverting() => _python!.NoopConverting(_a, _b);
}

/// <summary>
/// What batching saves: the ten nearest of 10 000 corpus words to an 8-code-point query, once as 10 000
/// <see cref="IEditDistance.Distance(string, string, int)"/> calls (one crossing each, the top ten kept in C#) and
/// once as a single <see cref="ICorpus.Nearest"/> call on a corpus converted beforehand (one crossing per query).
/// Both do the same work: each distance is bounded by the k-th best found so far, which is what
/// <see cref="ICorpus.Nearest"/> does inside, so the bound is not what differs: one call saves the checks and set-up
/// every call repeats and the crossing. Bit-parallel everywhere, and entry by entry on both sides: the single call
/// runs with its lanes turned off (the scalar path), because packing many entries per instruction is another
/// algorithm, whose gain the nearest scenario shows; here it would hide what the crossing costs. C# is the reference
/// without a boundary: its saving is the set-up alone. Baseline: Rust, one crossing per entry.
/// </summary>
[Scenario("crossing")]
public class CrossingBatchBenchmarks
{
    /// <summary>Corpus entries searched per query: a tenth of the nearest corpus keeps the Python calls short.</summary>
    public const int Entries = 10_000;

    private readonly Dictionary<string, IEditDistance> _implementations = [];
    private readonly Dictionary<string, ICorpus> _corpora = [];
    private PythonThreadState? _pythonThread;
    private string[] _entries = [];
    private string _query = "";

    /// <summary>Reported in the parameters; a single value.</summary>
    [Params(8)]
    public int QueryLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pythonThread = PythonRuntime.AttachCurrentThread();
        NearestBenchmarks.ForceScalar(true);
        PythonBoundary.SetLanes(false);
        _entries = InputSet.Corpus()[..Entries];
        _query = InputSet.Query(QueryLength);
        foreach (var implementation in new IEditDistance[]
                 {
                     new CSharp.CSharpEditDistance(Strategy.BitParallel),
                     new RustEditDistance(Strategy.BitParallel),
                     new PythonEditDistance(Strategy.BitParallel),
                 })
        {
            _implementations[implementation.Implementation] = implementation;
            _corpora[implementation.Implementation] = implementation.CreateCorpus(_entries);

            // Both ways must find the same k-th match, or the two timings would not be of the same search.
            var perEntry = PerEntry(implementation);
            var one = _corpora[implementation.Implementation].Nearest(_query, NearestBenchmarks.K)[^1];
            if (perEntry != one)
            {
                throw new InvalidOperationException($"{implementation.Implementation}: one call per entry found {perEntry} as the k-th match, one Nearest call {one}.");
            }
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
        NearestBenchmarks.ForceScalar(false);
        PythonBoundary.SetLanes(true);
        _pythonThread?.Dispose();
    }

    [Benchmark(Baseline = true), Measures("rust", "per-entry-calls")]
    public Match RustPerEntryCalls() => PerEntry(_implementations["rust"]);

    [Benchmark, Measures("rust", "one-call")]
    public Match RustOneCall() => _corpora["rust"].Nearest(_query, NearestBenchmarks.K)[^1];

    [Benchmark, Measures("python", "per-entry-calls")]
    public Match PythonPerEntryCalls() => PerEntry(_implementations["python"]);

    [Benchmark, Measures("python", "one-call")]
    public Match PythonOneCall() => _corpora["python"].Nearest(_query, NearestBenchmarks.K)[^1];

    [Benchmark, Measures("csharp", "per-entry-calls")]
    public Match CSharpPerEntryCalls() => PerEntry(_implementations["csharp"]);

    [Benchmark, Measures("csharp", "one-call")]
    public Match CSharpOneCall() => _corpora["csharp"].Nearest(_query, NearestBenchmarks.K)[^1];

    /// <summary>
    /// The loop a caller writes without a batch API: one bounded call per entry, the k best kept in a small sorted
    /// array (insertion is cheaper than a heap at k = 10). Once k entries are kept, only a distance below the k-th
    /// best can enter, so each call is bounded by one less than it and a call answering above that bound is
    /// skipped; a k-th best of 0 cannot be improved, so the loop stops. Same answer as
    /// <see cref="ICorpus.Nearest"/>: ties go to the lower index because entries arrive in index order and only a
    /// strictly smaller distance displaces one.
    /// </summary>
    private Match PerEntry(IEditDistance implementation)
    {
        const int k = NearestBenchmarks.K;
        Span<Match> best = stackalloc Match[k];
        var count = 0;
        for (var i = 0; i < _entries.Length; i++)
        {
            int distance;
            if (count < k)
            {
                distance = implementation.Distance(_query, _entries[i]);
            }
            else if (best[k - 1].Distance == 0)
            {
                break;
            }
            else
            {
                distance = implementation.Distance(_query, _entries[i], best[k - 1].Distance - 1);
                if (distance >= best[k - 1].Distance)
                {
                    continue;
                }
            }

            var position = count < k ? count++ : k - 1;
            while (position > 0 && best[position - 1].Distance > distance)
            {
                best[position] = best[position - 1];
                position--;
            }

            best[position] = new Match(i, distance);
        }

        return best[count - 1];
    }
}
