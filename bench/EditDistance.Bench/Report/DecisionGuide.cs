namespace EditDistance.Bench.Report;

/// <summary>
/// The decision guide of report.md. No figure and no conclusion is typed here: every sentence is chosen and
/// filled in from the measurements, and a sentence whose measurements are missing is left out.
/// </summary>
internal static class DecisionGuide
{
    public static IReadOnlyList<string> Sentences(ResultQuery query, System.Text.Json.Nodes.JsonObject machine)
    {
        var sentences = new List<string>();
        Load(machine, sentences);
        RustAgainstCSharp(query, sentences);
        Fastest(query, sentences);
        AlgorithmAgainstLanguage(query, sentences);
        PythonCallCost(query, sentences);
        Boundary(query, sentences);
        Batching(query, sentences);
        BatchingReference(query, sentences);
        Threads(query, sentences);
        PythonSearch(query, sentences);
        return sentences;
    }

    /// <summary>A run on a busy machine says so first: every ratio below is then less reliable.</summary>
    /// <remarks>
    /// Judged by the CPU time other processes took while the scenarios ran (see OtherCpuSampler), not by the load
    /// average, which the benchmarks' own work keeps high on a small machine.
    /// </remarks>
    private static void Load(System.Text.Json.Nodes.JsonObject machine, List<string> sentences)
    {
        if (machine["other_cpu_share"]?.GetValue<double>() is { } share && share > OtherCpuCaution)
        {
            var percent = (share * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            sentences.Add($"**Caution**: other processes used up to {percent} % of the machine's CPU time while a scenario ran, so every figure below carries extra noise, parallel speed-ups most of all; rerun on an idle machine before drawing conclusions.");
        }
    }

    /// <summary>Above this share of the machine taken by other processes, the report warns (a tenth of the cores' time).</summary>
    private const double OtherCpuCaution = 0.1;

    /// <summary>From which length on Rust through P/Invoke beats C#, per strategy and text.</summary>
    private static void RustAgainstCSharp(ResultQuery query, List<string> sentences)
    {
        var lengths = query.Lengths("distance", "length");
        foreach (var strategy in new[] { "bitparallel", "dp" })
        {
            foreach (var text in query.Texts("distance"))
            {
                var measured = lengths
                    .Select(l => (Length: l, Rust: query.Distance("rust", strategy, text, l), CSharp: query.Distance("csharp", strategy, text, l)))
                    .Where(m => m.Rust is not null && m.CSharp is not null)
                    .Select(m => (m.Length, Ratio: m.CSharp!.MedianNs / m.Rust!.MedianNs))
                    .ToList();
                if (measured.Count == 0)
                {
                    continue;
                }

                // The first length from which Rust wins at every longer measured length too.
                var from = measured.Select((m, i) => (m, i)).FirstOrDefault(x => measured.Skip(x.i).All(m => m.Ratio > 1)).m;
                var wins = measured.Where(m => m.Ratio > 1).Select(m => m.Length).ToList();
                var detail = string.Join(", ", measured.Select(m => $"{Format.Ratio(m.Ratio)} at {m.Length}"));
                var subject = $"**{strategy}, {text} text**: Rust called through P/Invoke";
                if (wins.Count == 0)
                {
                    sentences.Add($"{subject} is not faster than the same algorithm in C# at any measured length (C# time / Rust time: {detail}): for this strategy, keep the work in C#.");
                }
                else if (from != default && from.Length == measured[0].Length)
                {
                    sentences.Add($"{subject} beats C# at every measured length (C# time / Rust time: {detail}).");
                }
                else if (from != default)
                {
                    sentences.Add($"{subject} beats C# from {from.Length} code points on (C# time / Rust time: {detail}){BelowThreshold(query, strategy, text, measured.Where(m => m.Length < from.Length).Select(m => m.Length))}.");
                }
                else
                {
                    sentences.Add($"{subject} beats C# only at {string.Join(" and ", wins)} code points, not at the longest measured length (C# time / Rust time: {detail}): the two are close enough that the choice should rest on other grounds than speed.");
                }
            }
        }
    }

    /// <summary>
    /// Why Rust loses below the threshold, from the native timing of the same pairs: if Rust's work alone is
    /// faster than C#, the crossing is what tips it; if not, Rust is slower there even without the boundary.
    /// </summary>
    private static string BelowThreshold(ResultQuery query, string strategy, string text, IEnumerable<int> lengths)
    {
        var reasons = lengths.Select(length =>
        {
            var native = query.Crossing("rust", $"native-{strategy}", text, length);
            var csharp = query.Distance("csharp", strategy, text, length);
            if (native is null || csharp is null)
            {
                return null;
            }

            return native.MedianNs < csharp.MedianNs
                ? $"at {length} Rust's work alone ({Format.Time(native.MedianNs)}, timed natively) is faster than C# ({Format.Time(csharp.MedianNs)}): the crossing is what makes the difference"
                : $"at {length} Rust is slower even without the crossing ({Format.Time(native.MedianNs)} natively against {Format.Time(csharp.MedianNs)} in C#)";
        }).OfType<string>().ToList();
        return reasons.Count == 0 ? "" : "; " + string.Join("; ", reasons);
    }

    /// <summary>The fastest way to compute one distance at each length, and how it compares with the baseline and the best peer.</summary>
    private static void Fastest(ResultQuery query, List<string> sentences)
    {
        foreach (var text in query.Texts("distance"))
        {
            foreach (var length in query.Lengths("distance", "length"))
            {
                var candidates = query.Of("distance").Where(r => r.Text("text") == text && r.Int("length") == length).ToList();
                var own = candidates.Where(r => r.Strategy != "peer").MinBy(r => r.MedianNs);
                var peer = candidates.Where(r => r.Strategy == "peer").MinBy(r => r.MedianNs);
                var baseline = query.Distance("csharp", "dp", text, length);
                if (own is null)
                {
                    continue;
                }

                var sentence = $"At {length} code points ({text}), the fastest implementation here is **{own.Implementation} {own.Strategy}** at {Format.Time(own.MedianNs)} per pair";
                if (baseline is not null && !ReferenceEquals(baseline, own))
                {
                    sentence += $", {Format.Ratio(baseline.MedianNs / own.MedianNs)} faster than C# Wagner–Fischer";
                }

                if (peer is not null)
                {
                    sentence += peer.MedianNs < own.MedianNs
                        ? $"; the peer {peer.Implementation} is faster still ({Format.Time(peer.MedianNs)}, {Format.Ratio(own.MedianNs / peer.MedianNs)})"
                        : $"; the fastest peer, {peer.Implementation}, takes {Format.Time(peer.MedianNs)} ({Format.Ratio(peer.MedianNs / own.MedianNs)} as long)";
                    if (text != "ascii" && ReportWriter.Utf16Peers.Contains(peer.Implementation))
                    {
                        sentence += " but counts UTF-16 code units, not code points";
                    }
                }

                sentences.Add(sentence + ".");
            }
        }
    }

    /// <summary>What the better algorithm buys against what the faster language buys, at the longest length.</summary>
    private static void AlgorithmAgainstLanguage(ResultQuery query, List<string> sentences)
    {
        var length = query.Lengths("distance", "length").LastOrDefault();
        if (length == 0)
        {
            return;
        }

        var parts = new List<string>();
        foreach (var implementation in new[] { "csharp", "rust", "python" })
        {
            var dp = query.Distance(implementation, "dp", "ascii", length);
            var bp = query.Distance(implementation, "bitparallel", "ascii", length);
            if (dp is not null && bp is not null)
            {
                parts.Add($"{Format.Ratio(dp.MedianNs / bp.MedianNs)} in {implementation}");
            }
        }

        var pythonBp = query.Distance("python", "bitparallel", "ascii", length);
        var csharpDp = query.Distance("csharp", "dp", "ascii", length);
        if (parts.Count > 0)
        {
            var sentence = $"Algorithm before language: at {length} ASCII code points bit-parallel is faster than Wagner–Fischer by {string.Join(", ", parts)}";
            if (pythonBp is not null && csharpDp is not null)
            {
                sentence += pythonBp.MedianNs < csharpDp.MedianNs
                    ? $"; pure-Python bit-parallel ({Format.Time(pythonBp.MedianNs)}) even beats C# Wagner–Fischer ({Format.Time(csharpDp.MedianNs)})"
                    : $"; pure-Python bit-parallel ({Format.Time(pythonBp.MedianNs)}) is still {Format.Ratio(pythonBp.MedianNs / csharpDp.MedianNs)} slower than C# Wagner–Fischer ({Format.Time(csharpDp.MedianNs)})";
            }

            sentences.Add(sentence + ".");
        }
    }

    /// <summary>What pythonnet adds per call.</summary>
    private static void PythonCallCost(ResultQuery query, List<string> sentences)
    {
        var shortest = query.Lengths("crossing", "length").FirstOrDefault();
        var pre = query.Crossing("python", "pythonnet-preconverted", "ascii", shortest);
        var converting = query.Of("crossing").Where(r => r.Strategy == "pythonnet-converting" && r.Text("text") == "ascii")
            .OrderBy(r => r.Int("length")).ToList();
        var pinvoke = query.Crossing("rust", "pinvoke-strings", "ascii", shortest);
        if (pre is null && converting.Count == 0)
        {
            return;
        }

        var sentence = "pythonnet adds per call";
        if (pre is not null)
        {
            sentence += $" {Format.Time(pre.MedianNs)} with arguments converted once";
        }

        if (converting.Count > 0)
        {
            sentence += $"{(pre is null ? "" : ", and")} {string.Join(", ", converting.Select(c => $"{Format.Time(c.MedianNs)} at {c.Int("length")}"))} code points when both strings are converted on every call";
        }

        if (pinvoke is not null && pre is not null)
        {
            sentence += $"; a P/Invoke call with two strings costs {Format.Time(pinvoke.MedianNs)} ({Format.Ratio(pre.MedianNs / pinvoke.MedianNs)} less than the cheapest pythonnet call)";
        }

        var work = query.Crossing("python", "native-bitparallel", "ascii", shortest);
        var first = converting.FirstOrDefault();
        if (work is not null && first is not null && first.Int("length") == shortest)
        {
            sentence += first.MedianNs > work.MedianNs
                ? $". At {shortest} code points the crossing costs more than the Python bit-parallel work itself ({Format.Time(work.MedianNs)} natively): call Python per query, not per pair"
                : $". At {shortest} code points the Python bit-parallel work ({Format.Time(work.MedianNs)} natively) already outweighs the crossing";
        }

        sentences.Add(sentence + ".");

        var kept = query.Crossing("python", "pythonnet-thread-state");
        var fresh = query.Crossing("python", "pythonnet-no-thread-state");
        if (kept is not null && fresh is not null)
        {
            sentences.Add(fresh.MedianNs > 2 * kept.MedianNs
                ? $"Call Python from long-lived threads that keep their Python thread state (`using var attached = PythonRuntime.AttachCurrentThread();` at the start of the thread's work, disposed on the same thread): the same empty call costs {Format.Time(fresh.MedianNs)} from a thread without one (thread pool, new thread) against {Format.Time(kept.MedianNs)} with one ({Format.Ratio(fresh.MedianNs / kept.MedianNs)})."
                : $"Whether the calling thread keeps a Python thread state made little difference here ({Format.Time(fresh.MedianNs)} without, {Format.Time(kept.MedianNs)} with).");
        }
    }

    /// <summary>
    /// The boundary's share of a distance call. The empty call with the same strings measures the boundary
    /// directly, in the same process as the real call, so the verdict rests on it; the native difference is
    /// quoted next to it where it is above the noise.
    /// </summary>
    private static void Boundary(ResultQuery query, List<string> sentences)
    {
        var rows = Breakdown.Compute(query).Where(r => r.Text == "ascii" && r.EmptyCallShare is not null).ToList();
        foreach (var group in rows.GroupBy(r => (r.Implementation, r.Strategy)))
        {
            var ordered = group.OrderBy(r => r.Length).ToList();
            var parts = ordered.Select(r => $"{Format.Percent(r.EmptyCallShare!.Value)} at {r.Length}"
                + (r.WithinNoise ? "" : $" (native difference: {Format.Percent(r.BoundaryShare)})"));
            var heavy = ordered.Where(r => r.EmptyCallShare >= 0.5).Select(r => r.Length).ToList();
            var light = ordered.Where(r => r.EmptyCallShare < 0.1).Select(r => r.Length).ToList();
            var verdict = heavy.Count == 0
                ? "the work dominates at every measured length, so the boundary is not a reason to avoid this call"
                : $"the boundary dominates at {string.Join(" and ", heavy)} code points, so batch such calls or keep them on the .NET side";
            if (heavy.Count > 0 && light.Count > 0)
            {
                verdict += $"; at {string.Join(" and ", light)} it is below a tenth of the call";
            }

            sentences.Add($"{group.Key.Implementation} {group.Key.Strategy} called from .NET (ASCII): the empty crossing with the same strings is {string.Join(", ", parts)} of the call: {verdict}.");
        }
    }

    private static void Batching(ResultQuery query, List<string> sentences)
    {
        foreach (var implementation in new[] { "python", "rust", "csharp" })
        {
            var perPair = query.Crossing(implementation, "per-pair-calls");
            var one = query.Crossing(implementation, "one-call");
            if (perPair is null || one is null)
            {
                continue;
            }

            var entries = perPair.Int("entries") ?? 0;
            var saved = 1 - one.MedianNs / perPair.MedianNs;
            sentences.Add(saved > 0
                ? $"Batching, {implementation}: one call searching {Format.Number(entries)} entries takes {Format.Time(one.MedianNs)} against {Format.Time(perPair.MedianNs)} for one call per entry — {Format.Percent(saved)} saved, {Format.Time((perPair.MedianNs - one.MedianNs) / Math.Max(1, entries))} per entry."
                : $"Batching, {implementation}: one call searching {Format.Number(entries)} entries ({Format.Time(one.MedianNs)}) saves nothing over one call per entry ({Format.Time(perPair.MedianNs)}).");
        }
    }

    /// <summary>
    /// C# has no boundary, so what it saves by searching in one call is the search's own advantage (each distance
    /// bounded by the current k-th best); only the excess of the other languages' saving over it is the crossing.
    /// </summary>
    private static void BatchingReference(ResultQuery query, List<string> sentences)
    {
        var perPair = query.Crossing("csharp", "per-pair-calls");
        var one = query.Crossing("csharp", "one-call");
        if (perPair is null || one is null || one.MedianNs >= perPair.MedianNs)
        {
            return;
        }

        sentences.Add($"C# crosses no boundary and still saves {Format.Percent(1 - one.MedianNs / perPair.MedianNs)} with one call: a single search can bound every distance by the current k-th best, which separate calls cannot. Only what Rust and Python save beyond that is the crossing.");
    }

    private static void Threads(ResultQuery query, List<string> sentences)
    {
        var threadCounts = query.Lengths("nearest", "threads");
        if (threadCounts.Count < 2)
        {
            return;
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
                    parts.Add($"{implementation} {Format.Time(one.MedianNs)} → {Format.Time(all.MedianNs)} (speed-up {Format.Ratio(one.MedianNs / all.MedianNs)})");
                }
            }

            if (parts.Count > 0)
            {
                sentences.Add($"Nearest, query of {length} code points, on {many} threads instead of 1 (bit-parallel): {string.Join(", ", parts)}{(query.Of("nearest").Any(r => r.Implementation == "python") ? "; Python stays on one thread (GIL)" : "")}.");
            }
        }

    }

    private static string Threads(int count) => count == 1 ? "1 thread" : $"{count} threads";

    private static void PythonSearch(ResultQuery query, List<string> sentences)
    {
        foreach (var length in query.Lengths("nearest", "query_length"))
        {
            var atLength = query.Of("nearest").Where(r => r.Int("query_length") == length).ToList();
            var fastest = atLength.MinBy(r => r.MedianNs);
            var python = atLength.Where(r => r.Implementation == "python").MinBy(r => r.MedianNs);
            if (fastest is not null && python is not null && !ReferenceEquals(fastest, python))
            {
                sentences.Add($"Searching {Format.Number(fastest.Int("corpus") ?? 0)} entries, query of {length} code points: the fastest Python ({python.Strategy}) takes {Format.Time(python.MedianNs)}, {Format.Ratio(python.MedianNs / fastest.MedianNs)} as long as the fastest overall ({fastest.Implementation} {fastest.Strategy} on {Threads(fastest.Int("threads") ?? 1)}, {Format.Time(fastest.MedianNs)}).");
            }
        }
    }
}
