using System.Text;
using System.Text.Json.Nodes;
using EditDistance.Bench.Inputs;
using EditDistance.Bench.Results;
using EditDistance.Bench.Running;

namespace EditDistance.Bench.Report;

/// <summary>
/// The "Results" section of the repository's README.md, written from one default-mode run: the machine, one headline
/// table, at most <see cref="DecisionGuide.MaxFindings"/> findings (made by the same code as report.md's decision
/// guide, so that the two cannot disagree) and one chart; everything else stays in report.md.
/// Only the text between <see cref="StartMarker"/> and <see cref="EndMarker"/> is replaced.
/// </summary>
public static class ReadmeWriter
{
    public const string StartMarker = "<!-- bench:start -->";
    public const string EndMarker = "<!-- bench:end -->";

    /// <summary>The markers around the table of what one call costs per mechanism, in "How each language is reached".</summary>
    public const string CostsStartMarker = "<!-- bench:costs:start -->";
    public const string CostsEndMarker = "<!-- bench:costs:end -->";

    /// <summary>The markers around the table of what NativeAOT changes, in "Shipping".</summary>
    public const string AotStartMarker = "<!-- bench:aot:start -->";
    public const string AotEndMarker = "<!-- bench:aot:end -->";

    /// <summary>The one chart the README shows, copied next to it; the others stay in the report.</summary>
    private const string PublishedChart = "distance-ascii.png";

    /// <summary>
    /// Copies the charts of <paramref name="benchDirectory"/> into <paramref name="chartsDirectory"/> and rewrites the
    /// results section of <paramref name="readmePath"/> from <paramref name="merged"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run is not a default-mode run, or the README has no markers.</exception>
    public static void Publish(MergedResults merged, string benchDirectory, string readmePath, string chartsDirectory)
    {
        // A quick run's medians are good to 10–20 %: fine for a report, not for the figures the README presents.
        var mode = merged.Machine["mode"]?.ToString();
        if (mode != "default")
        {
            throw new InvalidOperationException($"Only a default-mode run may be published to the README; this one ran in {mode ?? "an unknown"} mode.");
        }

        var readme = File.ReadAllText(readmePath);
        Directory.CreateDirectory(chartsDirectory);
        var copied = new List<string>();
        if (File.Exists(Path.Combine(benchDirectory, PublishedChart)))
        {
            File.Copy(Path.Combine(benchDirectory, PublishedChart), Path.Combine(chartsDirectory, PublishedChart), overwrite: true);
            copied.Add(PublishedChart);
        }

        // Links relative to the README, with '/' whatever the OS: they are read on GitHub.
        var relative = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(readmePath))!, Path.GetFullPath(chartsDirectory))
            .Replace(Path.DirectorySeparatorChar, '/');
        var costs = Replace(readme, Costs(merged), CostsStartMarker, CostsEndMarker);
        var aot = Replace(costs, Aot(merged), AotStartMarker, AotEndMarker);
        File.WriteAllText(readmePath, Replace(aot, Section(merged, relative, copied)));
    }

    /// <summary>Replaces what lies between the markers, keeping the markers and everything outside them.</summary>
    public static string Replace(string readme, string section, string startMarker = StartMarker, string endMarker = EndMarker)
    {
        var start = readme.IndexOf(startMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(endMarker, StringComparison.Ordinal);
        if (start < 0 || end < start || readme.IndexOf(startMarker, start + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"The README must contain exactly one {startMarker} followed by {endMarker}.");
        }

        // Keep the README's own line endings.
        var newline = readme.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = section.ReplaceLineEndings(newline).TrimEnd();
        return readme[..(start + startMarker.Length)] + newline + body + newline + readme[end..];
    }

    /// <summary>
    /// What one call costs through each way of reaching another language, from each caller: the empty call (with two
    /// strings where the mechanism hands strings over) and a bit-parallel distance at the shortest and longest length,
    /// ASCII. A row whose empty call was not measured is left out.
    /// </summary>
    public static string Costs(MergedResults merged)
    {
        var dotnet = new ResultQuery(merged.Results);
        var python = dotnet.From(Callers.Python);
        var shortest = dotnet.Lengths("crossing", "length").Concat(python.Lengths("crossing", "length")).DefaultIfEmpty(8).Min();
        var lengths = dotnet.Lengths("distance", "length").Union(python.Lengths("distance", "length")).Order().ToList();
        var ends = lengths.Count == 0 ? [] : new[] { lengths[0], lengths[^1] }.Distinct().ToList();
        var rows = new (ResultQuery From, string Caller, string Mechanism, string Implementation, BenchResult? Empty)[]
        {
            (dotnet, ".NET", "Rust through P/Invoke", "rust", dotnet.Crossing("rust", "pinvoke-strings", "ascii", shortest)),
            (dotnet, ".NET", "Python through pythonnet", "python", dotnet.Crossing("python", "pythonnet-converting", "ascii", shortest)),
            (dotnet, ".NET", "Rust out of process, binary frames", "rust-remote-binary", dotnet.Crossing("rust-remote-binary", "ping")),
            (dotnet, ".NET", "Rust out of process, JSON lines", "rust-remote-json", dotnet.Crossing("rust-remote-json", "ping")),
            (python, "Python", "Rust through ctypes", "rust-ctypes", python.Crossing("rust-ctypes", "noop-strings", "ascii", shortest)),
            (python, "Python", "Rust out of process, binary frames", "rust-remote-binary", python.Crossing("rust-remote-binary", "ping")),
            (python, "Python", "Rust out of process, binary frames, UTF-8 strings", "rust-remote-binary-utf8", python.Crossing("rust-remote-binary-utf8", "ping")),
            (python, "Python", "Rust out of process, JSON lines", "rust-remote-json", python.Crossing("rust-remote-json", "ping")),
        };
        var md = new StringBuilder();
        if (rows.All(r => r.Empty is null))
        {
            md.AppendLine("No measurements of the crossings yet: `./build.sh Bench --publish` fills this table.");
            return md.ToString();
        }

        md.AppendLine($"Measured by `./build.sh Bench --publish` ({FactsLine(merged.Machine)}). **empty call**: a call that does nothing, with two {shortest}-code-point ASCII strings where the mechanism hands strings over (the socket's: a `ping`); **distance**: one bit-parallel call per pair of ASCII strings, through the same mechanism.");
        md.AppendLine();
        md.AppendLine($"| caller | reaches | empty call | {string.Join(" | ", ends.Select(l => $"distance, L = {l}"))} |");
        md.AppendLine($"|---|---|---:|{string.Concat(ends.Select(_ => "---:|"))}");
        foreach (var (from, caller, mechanism, implementation, empty) in rows.Where(r => r.Empty is not null))
        {
            var cells = ends.Select(l => from.Distance(implementation, "bitparallel", "ascii", l) is { } r ? Format.Time(r.MedianNs) : "–");
            md.AppendLine($"| {caller} | {mechanism} | {Format.Time(empty!.MedianNs)} | {string.Join(" | ", cells)} |");
        }

        return md.ToString();
    }

    /// <summary>
    /// What NativeAOT changes for an app that calls the Rust library, per build of the NativeAOT harness: the empty
    /// P/Invoke with two strings per call and the start-up to a first result, each against the JIT build under the
    /// noise rule, and the findings a reader acts on (<see cref="NativeAot.Findings"/>).
    /// </summary>
    public static string Aot(MergedResults merged)
    {
        var query = new ResultQuery(merged.Results);
        var md = new StringBuilder();
        if (!NativeAot.Measured(query, notes: []))
        {
            md.AppendLine("No measurements of NativeAOT yet: `./build.sh Bench --publish` fills this table.");
            return md.ToString();
        }

        var jitCall = NativeAot.Crossing(query, NativeAotHarness.Jit);
        var jitStart = NativeAot.Startup(query, NativeAotHarness.Jit);
        var length = NativeAot.Builds.Select(b => NativeAot.Crossing(query, b.Runtime)?.Int("length")).OfType<int>().DefaultIfEmpty(NativeAotHarness.CrossingLength).First();
        md.AppendLine($"Measured by `./build.sh Bench --publish` ({FactsLine(merged.Machine)}) with one program built three ways (bench/README.md, \"NativeAOT\"). **crossing**: an empty P/Invoke with two {length}-code-point strings, per call; **start-up**: from starting the process to its exit after printing a distance computed by `RustEditDistance`. Against the JIT build: faster or slower only when the noise intervals are apart and the ratio is at least {Format.Ratio(Comparison.MinimumRatio)}, otherwise tied.");
        md.AppendLine();
        md.AppendLine("| build | crossing, per call | start-up to first result |");
        md.AppendLine("|---|---:|---:|");
        foreach (var (runtime, label) in NativeAot.Builds)
        {
            md.AppendLine($"| {label} | {NativeAot.Against(NativeAot.Crossing(query, runtime), jitCall)} | {NativeAot.Against(NativeAot.Startup(query, runtime), jitStart)} |");
        }

        var findings = NativeAot.Findings(query);
        if (findings.Count > 0)
        {
            md.AppendLine();
            foreach (var finding in findings)
            {
                md.AppendLine($"- {finding}");
            }
        }

        return md.ToString();
    }

    /// <summary>"AMD EPYC, 2 cores, default mode, 2026-12-01": where and when a published run was measured.</summary>
    private static string FactsLine(JsonObject machine)
    {
        string? Fact(string key) => machine[key]?.ToString() is { Length: > 0 } value ? value : null;
        var date = Fact("date") is { Length: >= 10 } iso ? iso[..10] : "an unknown date";
        return $"{Fact("cpu") ?? "an unknown CPU"}, {Fact("cores") ?? "?"} cores, {Fact("mode") ?? "default"} mode, {date}";
    }

    /// <summary>The section's Markdown; <paramref name="charts"/> are the chart files present under <paramref name="chartLink"/>.</summary>
    public static string Section(MergedResults merged, string chartLink, IReadOnlyCollection<string> charts)
    {
        var query = new ResultQuery(merged.Results);
        var machine = merged.Machine;
        string? Fact(string key) => machine[key]?.ToString() is { Length: > 0 } value ? value : null;
        var date = Fact("date") is { Length: >= 10 } iso ? iso[..10] : "an unknown date";
        var software = new[] { Fact("dotnet"), Fact("rust"), Fact("python_version") }.OfType<string>();

        var md = new StringBuilder();
        md.AppendLine($"Measured on {Fact("cpu") ?? "an unknown CPU"} ({Fact("cores") ?? "?"} cores, {Fact("os") ?? "unknown OS"}; {string.Join(", ", software)}) on {date}, {Fact("mode") ?? "default"} mode, by `./build.sh Bench --publish`; your run writes the full report, with every table and the reasoning behind each sentence, to `artifacts/bench/report.md`.");
        md.AppendLine();
        if (DecisionGuide.Caution(machine) is { } caution)
        {
            md.AppendLine(caution);
            md.AppendLine();
        }

        HeadlineTable(md, query);
        var findings = DecisionGuide.Findings(query);
        if (findings.Count > 0)
        {
            md.AppendLine($"Findings; one result is said to beat another only when their 99.9 % confidence intervals do not overlap and the ratio is at least {Format.Ratio(Comparison.MinimumRatio)}, otherwise they are tied:");
            md.AppendLine();
            foreach (var finding in findings)
            {
                md.AppendLine($"- {finding}");
            }

            md.AppendLine();
        }

        if (charts.Contains(PublishedChart))
        {
            md.AppendLine($"![Time per pair against string length, ASCII text, log–log]({chartLink}/{PublishedChart})");
            md.AppendLine();
        }

        PythonPart(md, query);
        return md.ToString();
    }

    /// <summary>
    /// The Python caller's headline: distance and nearest through each mechanism against pure-Python bit-parallel, the
    /// empty call of each, and at most <see cref="DecisionGuide.MaxPythonFindings"/> findings.
    /// </summary>
    private static void PythonPart(StringBuilder md, ResultQuery dotnet)
    {
        var python = dotnet.From(Callers.Python);
        var lengths = python.Lengths("distance", "length");
        var queries = python.Lengths("nearest", "query_length");
        if (lengths.Count == 0 && queries.Count == 0)
        {
            return;
        }

        var shortest = python.Lengths("crossing", "length").FirstOrDefault();
        md.AppendLine("**Calling from Python.** The same library reached from the Python interpreter: pure Python, Rust in process through ctypes, and Rust in another process over a Unix socket (binary frames or JSON lines), timed in Python.");
        md.AppendLine();
        md.AppendLine($"Median time from Python: **distance** per pair of ASCII strings of L code points; **nearest** per query of Q code points, k = 10 over {Format.Number(InputSet.CorpusSize)} words, the corpus created once; **empty call**: ctypes with two {shortest}-code-point strings, or a `ping` over the socket. The ratio is against pure-Python bit-parallel (`python bitparallel`); below 1× is faster.");
        md.AppendLine();
        var headers = lengths.Select(l => $"distance L = {l}").Concat(queries.Select(q => $"nearest Q = {q}")).Append("empty call");
        ReportWriter.ImplementationTable(md, python.DistanceRows().Union(python.NearestRows()), headers, (implementation, strategy) =>
            lengths.Select(l => ReportWriter.Cell(python.Distance(implementation, strategy, "ascii", l), python.Distance("python", "bitparallel", "ascii", l)))
                .Concat(queries.Select(q => ReportWriter.Cell(python.Nearest(implementation, strategy, q, 1), python.Nearest("python", "bitparallel", q, 1))))
                .Append(EmptyCall(python, implementation, shortest)),
            ("python", "bitparallel"));
        md.AppendLine();
        var findings = DecisionGuide.PythonFindings(dotnet);
        if (findings.Count > 0)
        {
            foreach (var finding in findings)
            {
                md.AppendLine($"- {finding}");
            }

            md.AppendLine();
        }
    }

    /// <summary>The empty call of a mechanism from Python, as the headline table shows it.</summary>
    private static string EmptyCall(ResultQuery python, string implementation, int shortest) => implementation switch
    {
        "python" or "python-Levenshtein" => "none",
        "rust-ctypes" => python.Crossing("rust-ctypes", "noop-strings", "ascii", shortest) is { } r ? Format.Time(r.MedianNs) : "–",
        _ => python.Crossing(implementation, "ping") is { } ping ? Format.Time(ping.MedianNs) : "–",
    };

    /// <summary>
    /// One table for what people come for: distance at every length (ASCII), nearest at every query length on one
    /// thread, and what an empty call with two strings costs at each boundary; times with the ratio against C#
    /// Wagner–Fischer.
    /// </summary>
    private static void HeadlineTable(StringBuilder md, ResultQuery query)
    {
        var lengths = query.Lengths("distance", "length");
        var queries = query.Lengths("nearest", "query_length");
        var shortest = query.Lengths("crossing", "length").FirstOrDefault();
        var crossing = new Dictionary<string, BenchResult?>
        {
            ["rust"] = query.Crossing("rust", "pinvoke-strings", "ascii", shortest),
            ["python"] = query.Crossing("python", "pythonnet-converting", "ascii", shortest),
            ["rust-remote-binary"] = query.Crossing("rust-remote-binary", "ping"),
            ["rust-remote-json"] = query.Crossing("rust-remote-json", "ping"),
        };
        if (lengths.Count == 0 && queries.Count == 0)
        {
            return;
        }

        md.AppendLine($"Median time from .NET: **distance** per pair of ASCII strings of L code points; **nearest** per query of Q code points, k = 10 over {Format.Number(InputSet.CorpusSize)} words, one thread; **crossing**: an empty call with two {shortest}-code-point strings (out of process: a `ping`). The ratio is against C# Wagner–Fischer (`csharp dp`); below 1× is faster.");
        md.AppendLine();
        var headers = lengths.Select(l => $"distance L = {l}").Concat(queries.Select(q => $"nearest Q = {q}")).Append("crossing");
        ReportWriter.ImplementationTable(md, query.DistanceRows().Union(query.NearestRows()), headers, (implementation, strategy) =>
            lengths.Select(l => ReportWriter.Cell(query.Distance(implementation, strategy, "ascii", l), query.Distance("csharp", "dp", "ascii", l)))
                .Concat(queries.Select(q => ReportWriter.Cell(query.Nearest(implementation, strategy, q, 1), query.Nearest("csharp", "dp", q, 1))))
                .Append(implementation == "csharp" ? "none" : crossing.GetValueOrDefault(implementation) is { } c ? Format.Time(c.MedianNs) : "–"));
        md.AppendLine();
    }
}
