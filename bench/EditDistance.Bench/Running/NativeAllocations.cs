using System.Text.Json.Nodes;
using EditDistance.Bench.Benchmarks;
using EditDistance.Bench.Inputs;
using EditDistance.Bench.Results;
using EditDistance.Boundary;
using EditDistance.Rust;

namespace EditDistance.Bench.Running;

/// <summary>
/// What the Rust distance and nearest benchmarks allocate on Rust's heap per operation, read from the counting
/// global allocator of the benchmark build (<c>--features bench</c>) before and after repeated calls: the figure
/// BenchmarkDotNet's MemoryDiagnoser cannot see. Run by the <c>allocations</c> command after the timings, with the
/// inputs, calls and parameters of <see cref="DistanceBenchmarks"/> and <see cref="NearestBenchmarks"/>, so that the
/// merger can put each figure into the time row it belongs to.
/// </summary>
/// <remarks>
/// The counters are process-wide: the worker threads of a multi-threaded <c>nearest</c> count (their stacks are
/// mapped by the OS, not allocated), and nothing else in this process calls Rust meanwhile. A warm-up call comes
/// first, because the library keeps per-thread scratch buffers that grow once to the longest input seen; the
/// figure is what a call costs in steady state.
/// </remarks>
public static class NativeAllocations
{
    public const string Source = "native-allocations";

    /// <summary>Distance pairs measured per case: enough calls to average over, at any length a few milliseconds.</summary>
    private const int PairsPerCase = 256;

    /// <summary>Queries measured per nearest case, after one warm-up query.</summary>
    private const int QueriesPerCase = 3;

    /// <summary>Measures every Rust case <paramref name="selection"/> keeps; <paramref name="progress"/> gets one line per case.</summary>
    public static ResultFile Measure(Selection selection, Action<string> progress)
    {
        var allocations = new List<Allocation>();
        foreach (var strategy in Enum.GetValues<Strategy>())
        {
            if (!selection.Includes("distance", "rust", strategy.ToName()))
            {
                continue;
            }

            var implementation = new RustEditDistance(strategy);
            foreach (var text in Enum.GetValues<TextKind>())
            {
                foreach (var length in InputSet.Lengths)
                {
                    progress($"distance/rust/{strategy.ToName()} {text.ToName()} {length}");
                    var pairs = InputSet.Pairs(text, length);
                    var batches = Math.Max(1, PairsPerCase / pairs.Length);
                    var (count, bytes) = PerCall(() =>
                    {
                        foreach (var (a, b) in pairs)
                        {
                            implementation.Distance(a, b);
                        }
                    }, batches);
                    allocations.Add(new Allocation("distance", "rust", strategy.ToName(),
                        new JsonObject { ["length"] = length, ["text"] = text.ToName() },
                        NativeAllocatedBytes: bytes / pairs.Length, NativeAllocations: count / pairs.Length));
                }
            }
        }

        foreach (var strategy in Enum.GetValues<Strategy>())
        {
            if (!selection.Includes("nearest", "rust", strategy.ToName()))
            {
                continue;
            }

            using var corpus = new RustEditDistance(strategy).CreateCorpus(InputSet.Corpus());
            foreach (var queryLength in InputSet.QueryLengths)
            {
                var query = InputSet.Query(queryLength);
                foreach (var threads in NearestBenchmarks.ThreadCounts)
                {
                    progress($"nearest/rust/{strategy.ToName()} query {queryLength}, {threads} thread{(threads == 1 ? "" : "s")}");
                    var (count, bytes) = PerCall(() => corpus.Nearest(query, NearestBenchmarks.K, threads: threads), QueriesPerCase);
                    allocations.Add(new Allocation("nearest", "rust", strategy.ToName(),
                        new JsonObject { ["query_length"] = queryLength, ["threads"] = threads, ["corpus"] = InputSet.CorpusSize, ["k"] = NearestBenchmarks.K },
                        NativeAllocatedBytes: bytes, NativeAllocations: count));
                }
            }
        }

        return new ResultFile(Source, new JsonObject(), [], [], allocations);
    }

    /// <summary>Allocations and bytes per run of <paramref name="call"/>, over <paramref name="runs"/> runs after a warm-up run.</summary>
    private static (double Count, double Bytes) PerCall(Action call, int runs)
    {
        call();
        var before = RustBoundary.Allocations();
        for (var i = 0; i < runs; i++)
        {
            call();
        }

        var after = RustBoundary.Allocations();
        return ((double)(after.Count - before.Count) / runs, (double)(after.Bytes - before.Bytes) / runs);
    }
}
