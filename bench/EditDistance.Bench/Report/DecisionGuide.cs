using System.Text.Json.Nodes;
using EditDistance.Bench.Results;

namespace EditDistance.Bench.Report;

/// <summary>
/// The decision guide of report.md and the findings of the README. No figure and no conclusion is typed here: every
/// sentence is chosen and filled in from the measurements, a sentence whose measurements are missing is left out,
/// and every "beats" or "fastest" goes through <see cref="Comparison"/>, so that a difference inside the run's noise
/// is reported as a tie.
/// </summary>
internal static partial class DecisionGuide
{
    /// <summary>Every sentence of report.md's guide about calls from .NET, the caution about a busy machine first.</summary>
    public static IReadOnlyList<string> Sentences(ResultQuery query, JsonObject machine)
    {
        var sentences = new List<string>();
        if (Caution(machine) is { } caution)
        {
            sentences.Add(caution);
        }

        foreach (var strategy in new[] { "bitparallel", "dp" })
        {
            foreach (var text in query.Texts("distance"))
            {
                sentences.AddRange(RustAgainstCSharp(query, strategy, text));
            }
        }

        sentences.AddRange(Fastest(query));
        sentences.AddRange(AlgorithmAgainstLanguage(query));
        sentences.AddRange(PythonCallCost(query));
        sentences.AddRange(ThreadState(query));
        sentences.AddRange(Boundary(query));
        sentences.AddRange(Batching(query));
        sentences.AddRange(OutOfProcessFromDotnet(query));
        sentences.AddRange(TaxShares(query, Callers.Dotnet));
        sentences.AddRange(RemoteBatching(query));
        sentences.AddRange(Threads(query));
        sentences.AddRange(PythonSearch(query));
        return sentences;
    }

    /// <summary>Findings the README shows: at most this many.</summary>
    public const int MaxFindings = 6;

    /// <summary>
    /// The README's findings, one per question people come with, in this order: algorithm or language, Rust or C#,
    /// this project or a library, what a call costs, what batching saves, and the thread-state pattern.
    /// </summary>
    public static IReadOnlyList<string> Findings(ResultQuery query)
    {
        var longest = query.Lengths("distance", "length").LastOrDefault();
        IEnumerable<string>[] candidates =
        [
            AlgorithmAgainstLanguage(query),
            RustAgainstCSharp(query, "bitparallel", "ascii"),
            Fastest(query).Where(s => s.StartsWith($"At {longest} code points (ascii)", StringComparison.Ordinal)),
            PythonCallCost(query).Take(1),
            Batching(query),
            ThreadState(query),
        ];
        return candidates.Select(c => c.FirstOrDefault()).OfType<string>().Take(MaxFindings).ToList();
    }

    /// <summary>A run on a busy machine says so first: every comparison is then less reliable.</summary>
    /// <remarks>
    /// Judged by the CPU time other processes took while the scenarios ran (see OtherCpuSampler), not by the load
    /// average, which the benchmarks' own work keeps high on a small machine.
    /// </remarks>
    public static string? Caution(JsonObject machine)
    {
        if (machine["other_cpu_share"]?.GetValue<double>() is { } share && share > OtherCpuCaution)
        {
            var percent = (share * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            return $"**Caution**: other processes used up to {percent} % of the machine's CPU time while a scenario ran, so every figure carries extra noise, parallel speed-ups most of all; rerun on an idle machine before drawing conclusions.";
        }

        return null;
    }

    /// <summary>Above this share of the machine taken by other processes, the report warns (a tenth of the cores' time).</summary>
    private const double OtherCpuCaution = 0.1;

    /// <summary>Rust through P/Invoke against the same algorithm in C#, at every measured length.</summary>
    private static IEnumerable<string> RustAgainstCSharp(ResultQuery query, string strategy, string text)
    {
        var measured = query.Lengths("distance", "length")
            .Select(l => (Length: l, Rust: query.Distance("rust", strategy, text, l), CSharp: query.Distance("csharp", strategy, text, l)))
            .Where(m => m.Rust is not null && m.CSharp is not null)
            .Select(m => (m.Length, Comparison: new Comparison(m.Rust!, m.CSharp!)))
            .ToList();
        if (measured.Count == 0)
        {
            yield break;
        }

        string Lengths(Verdict verdict) => string.Join(", ", measured.Where(m => m.Comparison.Verdict == verdict)
            .Select(m => verdict == Verdict.Tied
                ? $"{m.Length} (Rust {Format.Time(m.Comparison.First.MedianNs)}, C# {Format.Time(m.Comparison.Second.MedianNs)})"
                : $"{m.Length} ({Format.Ratio(m.Comparison.Ratio)})"));
        var rust = measured.Count(m => m.Comparison.Verdict == Verdict.FirstFaster);
        var csharp = measured.Count(m => m.Comparison.Verdict == Verdict.SecondFaster);
        var parts = new List<string>();
        if (rust > 0)
        {
            parts.Add(rust == measured.Count ? $"Rust beats C# at every measured length: {Lengths(Verdict.FirstFaster)}" : $"Rust beats C# at {Lengths(Verdict.FirstFaster)}");
        }

        if (csharp > 0)
        {
            parts.Add(csharp == measured.Count ? $"C# beats Rust at every measured length: {Lengths(Verdict.SecondFaster)}" : $"C# beats Rust at {Lengths(Verdict.SecondFaster)}");
        }

        if (rust + csharp < measured.Count)
        {
            parts.Add(rust + csharp == 0 ? $"the two are tied within this run's noise at every measured length: {Lengths(Verdict.Tied)}" : $"tied at {Lengths(Verdict.Tied)}");
        }

        var advice = rust == 0 && csharp > 0 ? ": for this strategy, keep the work in C#"
            : rust + csharp == 0 ? ": the choice should rest on other grounds than speed"
            : "";
        yield return $"**{strategy}, {text} text**, Rust through P/Invoke against the same algorithm in C#: {string.Join("; ", parts)}{advice}.";
    }

    /// <summary>
    /// The fastest way to compute one distance at each length and text, and how it compares with the baseline and the
    /// best peer that honours the contract (on mixed-script text the UTF-16 peers give other answers and are left out).
    /// </summary>
    private static IEnumerable<string> Fastest(ResultQuery query)
    {
        foreach (var text in query.Texts("distance"))
        {
            foreach (var length in query.Lengths("distance", "length"))
            {
                var candidates = query.Of("distance").Where(r => r.Text("text") == text && r.Int("length") == length).ToList();
                // The implementations themselves: the peers are compared below, and Rust out of process is Rust
                // reached another way, which OutOfProcessFromDotnet compares with P/Invoke.
                var own = candidates.Where(r => r.Strategy != "peer" && !r.Implementation.StartsWith("rust-remote-", StringComparison.Ordinal)).ToList();
                if (own.Count == 0)
                {
                    continue;
                }

                var subject = $"At {length} code points ({text})";
                var fastest = Comparison.Fastest(own);
                var best = own.MinBy(r => r.MedianNs)!;
                string sentence;
                if (fastest is null)
                {
                    var tied = Comparison.TiedForFastest(own);
                    sentence = $"{subject}, {Join(tied.Select(r => $"**{Name(r)}** ({Format.Time(r.MedianNs)})"))} are tied for the fastest implementation here within this run's noise";
                }
                else
                {
                    sentence = $"{subject}, the fastest implementation here is **{Name(fastest)}** at {Format.Time(fastest.MedianNs)} per pair";
                    if (query.Distance("csharp", "dp", text, length) is { } baseline && !ReferenceEquals(baseline, fastest))
                    {
                        sentence += $", {Format.Ratio(baseline.MedianNs / fastest.MedianNs)} faster than C# Wagner–Fischer";
                    }
                }

                var peer = candidates.Where(r => r.Strategy == "peer" && ReportWriter.HonoursContract(r)).MinBy(r => r.MedianNs);
                if (peer is not null)
                {
                    sentence += "; against the fastest peer, " + new Comparison(best, peer).Describe(Name(best), peer.Implementation);
                }

                yield return sentence + ".";
            }
        }
    }

    /// <summary>What the better algorithm buys against what the faster language buys, at the longest length.</summary>
    private static IEnumerable<string> AlgorithmAgainstLanguage(ResultQuery query)
    {
        var length = query.Lengths("distance", "length").LastOrDefault();
        var verdicts = new List<(Verdict Verdict, string Part)>();
        foreach (var implementation in new[] { "csharp", "rust", "python" })
        {
            var dp = query.Distance(implementation, "dp", "ascii", length);
            var bp = query.Distance(implementation, "bitparallel", "ascii", length);
            if (dp is not null && bp is not null)
            {
                var comparison = new Comparison(bp, dp);
                verdicts.Add((comparison.Verdict, comparison.Verdict == Verdict.Tied
                    ? $"tied in {implementation} ({Format.Time(bp.MedianNs)} and {Format.Time(dp.MedianNs)})"
                    : $"{Format.Ratio(comparison.Ratio)} in {implementation}"));
            }
        }

        if (verdicts.Count == 0)
        {
            yield break;
        }

        var groups = new List<string>();
        foreach (var (verdict, lead) in new[]
                 {
                     (Verdict.FirstFaster, "bit-parallel beats Wagner–Fischer by "),
                     (Verdict.SecondFaster, "Wagner–Fischer beats bit-parallel by "),
                     (Verdict.Tied, "the two are "),
                 })
        {
            var parts = verdicts.Where(v => v.Verdict == verdict).Select(v => v.Part).ToList();
            if (parts.Count > 0)
            {
                groups.Add(lead + string.Join(", ", parts));
            }
        }

        var sentence = $"Algorithm before language: at {length} ASCII code points {string.Join("; ", groups)}";
        if (query.Distance("python", "bitparallel", "ascii", length) is { } pythonBp && query.Distance("csharp", "dp", "ascii", length) is { } csharpDp)
        {
            sentence += "; " + new Comparison(pythonBp, csharpDp).Describe("pure-Python bit-parallel", "C# Wagner–Fischer");
        }

        yield return sentence + ".";
    }

    /// <summary>What a call into Python costs through pythonnet, against P/Invoke and against the work itself.</summary>
    private static IEnumerable<string> PythonCallCost(ResultQuery query)
    {
        var shortest = query.Lengths("crossing", "length").FirstOrDefault();
        var pre = query.Crossing("python", "pythonnet-preconverted", "ascii", shortest);
        var converting = query.Crossing("python", "pythonnet-converting", "ascii", shortest);
        var pinvoke = query.Crossing("rust", "pinvoke-strings", "ascii", shortest);
        if (converting is null || pinvoke is null)
        {
            yield break;
        }

        var sentence = $"An empty call with two {shortest}-code-point strings: {new Comparison(pinvoke, converting).Describe("P/Invoke into Rust", "pythonnet, converting both strings")}";
        if (pre is not null)
        {
            sentence += $" ({Format.Time(pre.MedianNs)} with the arguments converted beforehand)";
        }

        if (query.From(Callers.Python).Distance("python", "bitparallel", "ascii", shortest) is { } work)
        {
            var comparison = new Comparison(converting, work);
            sentence += comparison.Verdict switch
            {
                Verdict.FirstFaster => $". The Python bit-parallel work at {shortest} code points ({Format.Time(work.MedianNs)}, timed in Python) outweighs that crossing by {Format.Ratio(comparison.Ratio)}",
                Verdict.SecondFaster => $". At {shortest} code points the crossing costs {Format.Ratio(comparison.Ratio)} the Python bit-parallel work itself ({Format.Time(work.MedianNs)}, timed in Python): call Python per query, not per pair",
                _ => $". At {shortest} code points the crossing and the Python bit-parallel work ({Format.Time(work.MedianNs)}, timed in Python) are tied within this run's noise",
            };
        }

        yield return sentence + ".";
    }

    /// <summary>The cost of calling Python from a thread without a Python thread state.</summary>
    private static IEnumerable<string> ThreadState(ResultQuery query)
    {
        var kept = query.Crossing("python", "pythonnet-thread-state");
        var fresh = query.Crossing("python", "pythonnet-no-thread-state");
        if (kept is null || fresh is null)
        {
            yield break;
        }

        var comparison = new Comparison(kept, fresh);
        yield return comparison.Verdict == Verdict.FirstFaster
            ? $"Call Python from long-lived threads that keep their Python thread state (`using var attached = PythonRuntime.AttachCurrentThread();` at the start of the thread's work, disposed on the same thread): the same empty call costs {Format.Time(fresh.MedianNs)} from a thread without one (thread pool, new thread) against {Format.Time(kept.MedianNs)} with one ({Format.Ratio(comparison.Ratio)})."
            : $"Whether the calling thread keeps a Python thread state: {comparison.Describe("with one", "without one")}.";
    }

    /// <summary>
    /// The boundary's share of a distance call, measured directly: the empty call with the same strings, in the same
    /// process, over the real call.
    /// </summary>
    private static IEnumerable<string> Boundary(ResultQuery query)
    {
        var rows = Breakdown.Compute(query).Where(r => r.Text == "ascii");
        foreach (var group in rows.GroupBy(r => (r.Implementation, r.Strategy)))
        {
            var ordered = group.OrderBy(r => r.Length).ToList();
            var parts = ordered.Select(r => $"{Format.Percent(r.BoundaryShare)} at {r.Length}");
            var heavy = ordered.Where(r => r.BoundaryShare >= 0.5).Select(r => r.Length).ToList();
            var light = ordered.Where(r => r.BoundaryShare < 0.1).Select(r => r.Length).ToList();
            var verdict = heavy.Count == 0
                ? "the work dominates at every measured length, so the boundary is not a reason to avoid this call"
                : $"the boundary dominates at {string.Join(" and ", heavy)} code points, so batch such calls or keep them on the .NET side";
            if (heavy.Count > 0 && light.Count > 0)
            {
                verdict += $"; at {string.Join(" and ", light)} it is below a tenth of the call";
            }

            yield return $"{group.Key.Implementation} {group.Key.Strategy} called from .NET (ASCII): the empty call with the same strings is {string.Join(", ", parts)} of the call: {verdict}.";
        }
    }

    /// <summary>
    /// One call per entry against one call per query, both bounded by the k-th best so far, so that the bound is not
    /// what differs. What one call saves is then the per-call overhead: the checks and set-up every call repeats (the
    /// query's pattern table, the argument checks) plus the crossing. C# crosses nothing, so its saving is the set-up
    /// alone, and only what Rust and Python save beyond it is the crossing; the empty call with two strings is quoted
    /// beside it as the crossing measured directly.
    /// </summary>
    private static IEnumerable<string> Batching(ResultQuery query)
    {
        var parts = new List<string>();
        var entries = 0;
        foreach (var implementation in new[] { "rust", "python", "csharp" })
        {
            var perEntry = query.Crossing(implementation, "per-entry-calls");
            var one = query.Crossing(implementation, "one-call");
            if (perEntry is null || one is null)
            {
                continue;
            }

            entries = perEntry.Int("entries") ?? 0;
            var comparison = new Comparison(one, perEntry);
            var name = implementation == "csharp" ? "C#, which crosses no boundary," : implementation;
            parts.Add(comparison.Verdict switch
            {
                Verdict.FirstFaster => $"{name} {Format.Time((perEntry.MedianNs - one.MedianNs) / Math.Max(1, entries))} per entry ({Format.Time(perEntry.MedianNs)} → {Format.Time(one.MedianNs)}, {Format.Ratio(comparison.Ratio)})",
                Verdict.SecondFaster => $"{name} nothing: one call is slower by {Format.Ratio(comparison.Ratio)} ({Format.Time(perEntry.MedianNs)} → {Format.Time(one.MedianNs)})",
                _ => $"{name} nothing beyond this run's noise ({Format.Time(perEntry.MedianNs)} and {Format.Time(one.MedianNs)})",
            });
        }

        if (parts.Count == 0)
        {
            yield break;
        }

        var sentence = $"Batching, the 10 nearest of {Format.Number(entries)} entries, entry by entry and each distance bounded by the k-th best so far either way: one call per query instead of one per entry saves {string.Join("; ", parts)}";
        if (query.Crossing("csharp", "per-entry-calls") is not null)
        {
            sentence += ". A batch API saves the checks and set-up every call repeats in any language; only what Rust and Python save beyond C# is the crossing";
            var shortest = query.Lengths("crossing", "length").FirstOrDefault();
            var crossings = new (string Name, string Implementation, string Kind)[] { ("P/Invoke", "rust", "pinvoke-strings"), ("pythonnet", "python", "pythonnet-converting") }
                .Select(c => query.Crossing(c.Implementation, c.Kind, "ascii", shortest) is { } empty ? $"{c.Name} {Format.Time(empty.MedianNs)}" : null)
                .OfType<string>()
                .ToList();
            if (crossings.Count > 0)
            {
                sentence += $" (an empty call with two {shortest}-code-point strings: {string.Join(", ", crossings)})";
            }
        }

        yield return sentence + ".";
    }

    private static IEnumerable<string> Threads(ResultQuery query)
    {
        var threadCounts = query.Lengths("nearest", "threads");
        if (threadCounts.Count < 2)
        {
            yield break;
        }

        var many = threadCounts[^1];
        foreach (var length in query.Lengths("nearest", "query_length"))
        {
            var parts = new List<string>();
            foreach (var implementation in new[] { "rust", "csharp" })
            {
                var one = query.Nearest(implementation, "bitparallel", length, 1);
                var all = query.Nearest(implementation, "bitparallel", length, many);
                if (one is not null && all is not null)
                {
                    var comparison = new Comparison(all, one);
                    parts.Add(comparison.Verdict == Verdict.FirstFaster
                        ? $"{implementation} {Format.Time(one.MedianNs)} → {Format.Time(all.MedianNs)} (speed-up {Format.Ratio(comparison.Ratio)})"
                        : $"{implementation} {Format.Time(one.MedianNs)} → {Format.Time(all.MedianNs)} (no speed-up beyond this run's noise)");
                }
            }

            if (parts.Count > 0)
            {
                yield return $"Nearest, query of {length} code points, on {many} threads instead of 1 (bit-parallel): {string.Join(", ", parts)}{(query.Of("nearest").Any(r => r.Implementation == "python") ? "; Python stays on one thread (GIL)" : "")}.";
            }
        }
    }

    private static IEnumerable<string> PythonSearch(ResultQuery query)
    {
        foreach (var length in query.Lengths("nearest", "query_length"))
        {
            var atLength = query.Of("nearest").Where(r => r.Int("query_length") == length).ToList();
            var fastest = atLength.MinBy(r => r.MedianNs);
            var python = atLength.Where(r => r.Implementation == "python").MinBy(r => r.MedianNs);
            if (fastest is not null && python is not null && !ReferenceEquals(fastest, python))
            {
                var overall = $"the fastest overall ({fastest.Implementation} {fastest.Strategy} on {Threads(fastest.Int("threads") ?? 1)})";
                yield return $"Searching {Format.Number(fastest.Int("corpus") ?? 0)} entries, query of {length} code points: {new Comparison(fastest, python).Describe(overall, $"the fastest Python ({python.Strategy})")}.";
            }
        }
    }

    private static string Threads(int count) => count == 1 ? "1 thread" : $"{count} threads";

    private static string Name(BenchResult result) => $"{result.Implementation} {result.Strategy}";

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }
}
