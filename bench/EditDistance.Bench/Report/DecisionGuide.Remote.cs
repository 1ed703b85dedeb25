using EditDistance.Bench.Results;

namespace EditDistance.Bench.Report;

/// <summary>
/// The guide's sentences about calling Rust from Python (through ctypes, out of process) and out of process from .NET.
/// Same rules as the rest of the guide: every figure from the measurements, every "beats" through
/// <see cref="Comparison"/>, a sentence whose measurements are missing left out.
/// </summary>
internal static partial class DecisionGuide
{
    /// <summary>How Python reaches Rust, in the order the sentences name them, each bit-parallel.</summary>
    private static readonly (string Implementation, string Label)[] PythonMechanisms =
    [
        ("rust-ctypes", "Rust through ctypes"),
        ("rust-remote-binary", "out of process with binary frames"),
        ("rust-remote-binary-utf8", "out of process with binary frames and UTF-8 strings"),
        ("rust-remote-json", "out of process with JSON lines"),
    ];

    /// <summary>The wires of the out-of-process implementations, with the words the sentences use.</summary>
    private static readonly (string Wire, string Label)[] WireLabels =
    [
        ("binary", "binary frames"),
        ("binary-utf8", "binary frames with UTF-8 strings"),
        ("json", "JSON lines"),
    ];

    /// <summary>Findings the README shows about calling from Python and out of process: at most this many.</summary>
    public const int MaxPythonFindings = 4;

    /// <summary>
    /// The README's findings about Python as the caller and out of process, one per question: from which size each
    /// mechanism pays, whether JSON's tax negates the gain, what batching saves, and the same service from .NET.
    /// </summary>
    public static IReadOnlyList<string> PythonFindings(ResultQuery query)
    {
        var python = query.From(Callers.Python);
        IEnumerable<string>[] candidates =
        [
            PythonPayoff(python, "ascii"),
            JsonTax(python, "ascii"),
            RemoteBatching(python),
            OutOfProcessFromDotnet(query),
        ];
        return candidates.Select(c => c.FirstOrDefault()).OfType<string>().Take(MaxPythonFindings).ToList();
    }

    /// <summary>The "Calling from Python" part of report.md's guide.</summary>
    public static IReadOnlyList<string> PythonSentences(ResultQuery query)
    {
        var python = query.From(Callers.Python);
        var sentences = new List<string>();
        foreach (var text in python.Texts("distance"))
        {
            sentences.AddRange(PythonPayoff(python, text));
        }

        foreach (var text in python.Texts("distance"))
        {
            sentences.AddRange(JsonTax(python, text));
        }

        sentences.AddRange(PythonEmptyCall(python));
        sentences.AddRange(CtypesBoundary(python));
        sentences.AddRange(TaxShares(query, Callers.Python));
        sentences.AddRange(RemoteBatching(python));
        sentences.AddRange(PythonNearest(python));
        sentences.AddRange(HandOver(python));
        return sentences;
    }

    /// <summary>
    /// A comparison of <paramref name="subject"/> against <paramref name="baseline"/> at every length both were measured
    /// at, in words ("wins 3.10× at 1000; loses 11.0× at 8 and 1.30× at 64"), and the length from which the subject wins
    /// at that and every longer measured length (null when it does not win at the longest).
    /// </summary>
    internal static (string Clause, int? PaysFrom, IReadOnlyList<(int Length, Verdict Verdict)> Verdicts)? Against(
        ResultQuery query, string subject, string baseline, string strategy, string text)
    {
        var measured = query.Lengths("distance", "length")
            .Select(l => (Length: l, Subject: query.Distance(subject, strategy, text, l), Baseline: query.Distance(baseline, "bitparallel", text, l)))
            .Where(m => m.Subject is not null && m.Baseline is not null)
            .Select(m => (m.Length, Comparison: new Comparison(m.Subject!, m.Baseline!)))
            .ToList();
        if (measured.Count == 0)
        {
            return null;
        }

        string Lengths(Verdict verdict) => Join(measured.Where(m => m.Comparison.Verdict == verdict)
            .Select(m => verdict == Verdict.Tied
                ? $"{m.Length} ({Format.Time(m.Comparison.First.MedianNs)} and {Format.Time(m.Comparison.Second.MedianNs)})"
                : $"{Format.Ratio(m.Comparison.Ratio)} at {m.Length}"));
        var parts = new List<string>();
        foreach (var (verdict, word) in new[] { (Verdict.FirstFaster, "wins"), (Verdict.SecondFaster, "loses"), (Verdict.Tied, "tied at") })
        {
            if (measured.Any(m => m.Comparison.Verdict == verdict))
            {
                parts.Add($"{word} {Lengths(verdict)}");
            }
        }

        int? paysFrom = null;
        foreach (var m in Enumerable.Reverse(measured))
        {
            if (m.Comparison.Verdict != Verdict.FirstFaster)
            {
                break;
            }

            paysFrom = m.Length;
        }

        var verdicts = measured.Select(m => (m.Length, m.Comparison.Verdict)).ToList();
        var lead = paysFrom is null
            ? "does not pay at any measured length"
            : paysFrom == measured[0].Length ? "pays at every measured length" : $"pays from {paysFrom} code points";
        return ($"{lead} ({string.Join("; ", parts)})", paysFrom, verdicts);
    }

    /// <summary>At which work size each way of reaching Rust from Python beats pure-Python bit-parallel.</summary>
    private static IEnumerable<string> PythonPayoff(ResultQuery python, string text)
    {
        var parts = PythonMechanisms
            .Select(m => Against(python, m.Implementation, "python", "bitparallel", text) is { } against ? $"{m.Label} {against.Clause}" : null)
            .OfType<string>()
            .ToList();
        if (parts.Count == 0)
        {
            yield break;
        }

        var baseline = python.Lengths("distance", "length")
            .Select(l => python.Distance("python", "bitparallel", text, l) is { } r ? $"{Format.Time(r.MedianNs)} at {l}" : null)
            .OfType<string>();
        yield return $"**From Python, distance, {text} text**, against pure-Python bit-parallel ({Join(baseline)} code points): {string.Join("; ", parts)}.";
    }

    /// <summary>Whether JSON's tax negates the out-of-process gain: lengths where binary frames beat pure Python and JSON lines do not.</summary>
    private static IEnumerable<string> JsonTax(ResultQuery python, string text)
    {
        var binary = Against(python, "rust-remote-binary", "python", "bitparallel", text);
        var json = Against(python, "rust-remote-json", "python", "bitparallel", text);
        if (binary is null || json is null)
        {
            yield break;
        }

        var wire = python.Lengths("distance", "length")
            .Select(l => (Length: l, Json: python.Distance("rust-remote-json", "bitparallel", text, l), Binary: python.Distance("rust-remote-binary", "bitparallel", text, l)))
            .Where(m => m.Json is not null && m.Binary is not null)
            .Select(m => $"{m.Length}: {new Comparison(m.Binary!, m.Json!).Describe("binary", "JSON")}")
            .ToList();
        var binaryWins = binary.Value.Verdicts.Where(v => v.Verdict == Verdict.FirstFaster).Select(v => v.Length).ToList();
        var jsonWins = json.Value.Verdicts.Where(v => v.Verdict == Verdict.FirstFaster).Select(v => v.Length).ToHashSet();
        var negated = binaryWins.Where(l => !jsonWins.Contains(l)).ToList();
        var verdict = binaryWins.Count == 0
            ? "neither wire beats pure Python at any measured length, so the wire is not what decides"
            : negated.Count > 0
                ? $"JSON's tax negates the out-of-process gain at {Join(negated.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)))} code points, where binary frames beat pure Python and JSON lines do not: use the binary wire there, or stay in process"
                : $"JSON's tax does not negate the gain: wherever binary frames beat pure Python ({Join(binaryWins.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)))} code points), JSON lines do too";
        yield return $"**JSON or binary from Python** ({text} text), per distance call at each length: {string.Join("; ", wire)}. {Capitalize(verdict)}.";
    }

    /// <summary>What an empty call costs from Python through each mechanism, against the pure-Python work it could replace.</summary>
    private static IEnumerable<string> PythonEmptyCall(ResultQuery python)
    {
        var shortest = python.Lengths("crossing", "length").FirstOrDefault();
        var parts = new List<string>();
        if (python.Crossing("rust-ctypes", "noop") is { } noop)
        {
            parts.Add($"through ctypes {Format.Time(noop.MedianNs)} without arguments");
        }

        if (python.Crossing("rust-ctypes", "noop-strings", "ascii", shortest) is { } strings)
        {
            parts.Add($"{Format.Time(strings.MedianNs)} with two {shortest}-code-point strings (their UTF-16LE encoding included)");
        }

        var pings = WireLabels
            .Select(w => (w.Label, Ping: python.Crossing(SerializationTax.Implementation(w.Wire), "ping")))
            .Where(p => p.Ping is not null)
            .ToList();
        foreach (var (label, ping) in pings)
        {
            parts.Add($"a socket round trip with {label} {Format.Time(ping!.MedianNs)}");
        }

        if (parts.Count == 0)
        {
            yield break;
        }

        var sentence = $"**An empty call from Python**: {string.Join(", ", parts)}";
        var fastestPing = pings.Select(p => p.Ping!).MinBy(p => p.MedianNs);
        if (fastestPing is not null)
        {
            // The lengths at which the round trip alone costs more than pure Python's whole call.
            var cheaper = python.Lengths("distance", "length")
                .Select(l => (Length: l, Work: python.Distance("python", "bitparallel", "ascii", l)))
                .Where(m => m.Work is not null)
                .Select(m => (m.Length, m.Work, Comparison: new Comparison(fastestPing, m.Work!)))
                .ToList();
            var below = cheaper.Where(c => c.Comparison.Verdict == Verdict.SecondFaster).ToList();
            if (below.Count > 0)
            {
                sentence += $". Pure-Python bit-parallel's whole call ({Join(below.Select(c => $"{Format.Time(c.Work!.MedianNs)} at {c.Length}"))} ASCII code points) costs less than the fastest round trip alone: work that small cannot pay for leaving the process";
            }
            else if (cheaper.Count > 0)
            {
                sentence += ". At every measured length pure-Python bit-parallel's call costs at least as much as the fastest round trip, so the round trip alone does not rule out leaving the process";
            }
        }

        yield return sentence + ".";
    }

    /// <summary>
    /// The crossing's share of a call through ctypes: the empty call with the same strings (their encoding included)
    /// over the bit-parallel distance call, per length (ASCII), as "Where the time goes" does for calls from .NET.
    /// </summary>
    private static IEnumerable<string> CtypesBoundary(ResultQuery python)
    {
        var shares = python.Lengths("distance", "length")
            .Select(l => (Length: l, Call: python.Distance("rust-ctypes", "bitparallel", "ascii", l), Empty: python.Crossing("rust-ctypes", "noop-strings", "ascii", l)))
            .Where(m => m.Call is not null && m.Empty is not null)
            .Select(m => (m.Length, Share: Math.Min(1, m.Empty!.MedianNs / m.Call!.MedianNs)))
            .ToList();
        if (shares.Count == 0)
        {
            yield break;
        }

        string Lengths(Func<double, bool> band) =>
            Join(shares.Where(s => band(s.Share)).Select(s => s.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var parts = new List<string>();
        if (Lengths(share => share >= 0.5) is { Length: > 0 } heavy)
        {
            parts.Add($"the crossing dominates at {heavy} code points, where many calls should be one (a corpus, a batch)");
        }

        if (Lengths(share => share is >= 0.1 and < 0.5) is { Length: > 0 } even)
        {
            parts.Add($"it is a tenth to a half of the call at {even}");
        }

        if (Lengths(share => share < 0.1) is { Length: > 0 } light)
        {
            parts.Add($"the work dominates at {light}");
        }

        var verdict = string.Join("; ", parts);
        yield return $"**Rust bit-parallel through ctypes** (ASCII): the empty call with the same strings is {string.Join(", ", shares.Select(s => $"{Format.Percent(s.Share)} at {s.Length}"))} of the call: {verdict}.";
    }

    /// <summary>
    /// The share of an out-of-process call that its codecs, the round trip and the work take, at the shortest and
    /// longest length (ASCII text), per wire.
    /// </summary>
    private static IEnumerable<string> TaxShares(ResultQuery query, string caller)
    {
        var rows = SerializationTax.Compute(query).Where(r => r.Caller == caller && r.Text == "ascii").ToList();
        if (rows.Count == 0)
        {
            yield break;
        }

        var lengths = rows.Select(r => r.Length).Distinct().Order().ToList();
        var parts = new List<string>();
        foreach (var length in new[] { lengths[0], lengths[^1] }.Distinct())
        {
            var atLength = rows.Where(r => r.Length == length)
                .Select(r => $"{WireLabel(r.Wire)} {Format.Percent(r.CodecShare)} codecs, {Format.Percent(r.Share(r.RoundTripNs))} round trip, {Format.Percent(r.Share(r.WorkNs))} work (of {Format.Time(r.CallNs)})");
            parts.Add($"at {length} code points, {string.Join("; ", atLength)}");
        }

        var who = caller == Callers.Python ? "Python" : ".NET";
        yield return $"**The serialization tax from {who}** (ASCII, each part measured on its own, see the table below): {string.Join("; ", parts)}.";
    }

    /// <summary>One <c>distance_batch</c> request of many pairs against one request per pair, per wire, with one in-process call per pair beside it.</summary>
    private static IEnumerable<string> RemoteBatching(ResultQuery query)
    {
        var parts = new List<string>();
        var pairs = 0;
        foreach (var (wire, label) in WireLabels)
        {
            var single = query.Crossing(SerializationTax.Implementation(wire), "single-requests");
            var batch = query.Crossing(SerializationTax.Implementation(wire), "one-batch");
            if (single is null || batch is null)
            {
                continue;
            }

            pairs = single.Int("pairs") ?? 0;
            var comparison = new Comparison(batch, single);
            parts.Add(comparison.Verdict switch
            {
                Verdict.FirstFaster => $"{label} from {Format.Time(single.MedianNs)} to {Format.Time(batch.MedianNs)} per pair ({Format.Ratio(comparison.Ratio)})",
                Verdict.SecondFaster => $"{label} nothing: one batch is slower, {Format.Time(batch.MedianNs)} against {Format.Time(single.MedianNs)} per pair",
                _ => $"{label} nothing beyond this run's noise ({Format.Time(single.MedianNs)} and {Format.Time(batch.MedianNs)} per pair)",
            });
        }

        if (parts.Count == 0)
        {
            yield break;
        }

        var python = query.Caller == Callers.Python;
        var sentence = $"**Batching from {(python ? "Python" : ".NET")}**, {Format.Number(pairs)} pairs of an 8-code-point query and a corpus word: one `distance_batch` request instead of one request per pair takes {string.Join("; ", parts)}";
        var (reference, name) = python ? (query.Crossing("rust-ctypes", "single-calls"), "one ctypes call per pair") : (query.Crossing("rust", "single-calls"), "one P/Invoke call per pair");
        var bestBatch = WireLabels.Select(w => query.Crossing(SerializationTax.Implementation(w.Wire), "one-batch")).OfType<BenchResult>().MinBy(r => r.MedianNs);
        if (reference is not null && bestBatch is not null)
        {
            sentence += $"; in process, {new Comparison(bestBatch, reference).Describe($"batched over {WireLabel(bestBatch.Implementation["rust-remote-".Length..])}", name)}";
        }

        yield return sentence + ".";
    }

    /// <summary>Nearest from Python: each mechanism against pure-Python bit-parallel, per query length.</summary>
    private static IEnumerable<string> PythonNearest(ResultQuery python)
    {
        foreach (var length in python.Lengths("nearest", "query_length"))
        {
            var baseline = python.Nearest("python", "bitparallel", length, 1);
            if (baseline is null)
            {
                continue;
            }

            var parts = PythonMechanisms
                .Select(m => python.Nearest(m.Implementation, "bitparallel", length, 1) is { } r ? $"{m.Label} {Versus(r, baseline)}" : null)
                .OfType<string>()
                .ToList();
            if (parts.Count > 0)
            {
                yield return $"**Searching {Format.Number(baseline.Int("corpus") ?? 0)} entries from Python**, query of {length} code points, k = {baseline.Int("k")}, the corpus created once, against pure-Python bit-parallel ({Format.Time(baseline.MedianNs)}): {string.Join("; ", parts)}.";
            }
        }
    }

    /// <summary>Which string hand-over into Rust through ctypes is fastest, per text and length.</summary>
    private static IEnumerable<string> HandOver(ResultQuery python)
    {
        var encodings = new (string Kind, string Label)[] { ("handover-utf16", "UTF-16LE"), ("handover-utf8", "UTF-8"), ("handover-utf32", "UTF-32") };
        var parts = new List<string>();
        var alwaysBest = encodings.Select(e => e.Label).ToHashSet();
        foreach (var text in python.Texts("crossing"))
        {
            foreach (var length in python.Lengths("crossing", "length"))
            {
                var candidates = encodings
                    .Select(e => (e.Label, Result: python.Crossing("rust-ctypes", e.Kind, text, length)))
                    .Where(c => c.Result is not null)
                    .ToList();
                if (candidates.Count < 2)
                {
                    continue;
                }

                string LabelOf(BenchResult r) => candidates.First(c => ReferenceEquals(c.Result, r)).Label;
                var tied = Comparison.TiedForFastest(candidates.Select(c => c.Result!));
                alwaysBest.IntersectWith(tied.Select(LabelOf));
                parts.Add(tied.Count == 1
                    ? $"{text} {length}: {LabelOf(tied[0])} ({string.Join(", ", candidates.Select(c => $"{c.Label} {Format.Time(c.Result!.MedianNs)}"))})"
                    : $"{text} {length}: {Join(tied.Select(LabelOf))} tied ({string.Join(", ", candidates.Select(c => $"{c.Label} {Format.Time(c.Result!.MedianNs)}"))})");
            }
        }

        if (parts.Count == 0)
        {
            yield break;
        }

        var advice = alwaysBest.Count > 0
            ? $": {Join(encodings.Select(e => e.Label).Where(alwaysBest.Contains))} is fastest or tied for fastest at every measured size"
            : "";
        yield return $"**Handing two strings to Rust through ctypes**, fastest per size (a bit-parallel distance, encoding included): {string.Join("; ", parts)}{advice}.";
    }

    /// <summary>From .NET: Rust out of process against Rust through P/Invoke and against Python through pythonnet.</summary>
    private static IEnumerable<string> OutOfProcessFromDotnet(ResultQuery query)
    {
        foreach (var (wire, label) in WireLabels)
        {
            var implementation = SerializationTax.Implementation(wire);
            var pinvoke = Against(query, implementation, "rust", "bitparallel", "ascii");
            var pythonnet = Against(query, implementation, "python", "bitparallel", "ascii");
            if (pinvoke is null && pythonnet is null)
            {
                continue;
            }

            var parts = new List<string>();
            if (pinvoke is { } p)
            {
                parts.Add($"against Rust through P/Invoke it {p.Clause}");
            }

            if (pythonnet is { } q)
            {
                parts.Add($"against pure Python through pythonnet it {q.Clause}");
            }

            var ping = query.Crossing(implementation, "ping");
            var roundTrip = ping is null ? "" : $"; an empty request's round trip {Format.Time(ping.MedianNs)}";
            yield return $"**From .NET, Rust out of process with {label}** (bit-parallel, ASCII{roundTrip}): {string.Join("; ", parts)}.";
        }
    }

    /// <summary>"49.0 µs, 27.3× faster", "1.20 ms, 1.50× slower", or "51.0 µs, tied within this run's noise" against <paramref name="baseline"/>.</summary>
    private static string Versus(BenchResult result, BenchResult baseline)
    {
        var comparison = new Comparison(result, baseline);
        return comparison.Verdict switch
        {
            Verdict.FirstFaster => $"{Format.Time(result.MedianNs)}, {Format.Ratio(comparison.Ratio)} faster",
            Verdict.SecondFaster => $"{Format.Time(result.MedianNs)}, {Format.Ratio(comparison.Ratio)} slower",
            _ => $"{Format.Time(result.MedianNs)}, tied within this run's noise",
        };
    }

    private static string WireLabel(string wire) => WireLabels.FirstOrDefault(w => w.Wire == wire).Label ?? wire;

    private static string Capitalize(string sentence) => sentence.Length == 0 ? sentence : char.ToUpperInvariant(sentence[0]) + sentence[1..];
}
