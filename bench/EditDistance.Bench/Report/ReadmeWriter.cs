using System.Text;
using EditDistance.Bench.Inputs;
using EditDistance.Bench.Results;

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
        File.WriteAllText(readmePath, Replace(readme, Section(merged, relative, copied)));
    }

    /// <summary>Replaces what lies between the markers, keeping the markers and everything outside them.</summary>
    public static string Replace(string readme, string section)
    {
        var start = readme.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start || readme.IndexOf(StartMarker, start + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"The README must contain exactly one {StartMarker} followed by {EndMarker}.");
        }

        // Keep the README's own line endings.
        var newline = readme.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = section.ReplaceLineEndings(newline).TrimEnd();
        return readme[..(start + StartMarker.Length)] + newline + body + newline + readme[end..];
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
        }

        return md.ToString();
    }

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
        };
        if (lengths.Count == 0 && queries.Count == 0)
        {
            return;
        }

        md.AppendLine($"Median time from .NET: **distance** per pair of ASCII strings of L code points; **nearest** per query of Q code points, k = 10 over {Format.Number(InputSet.CorpusSize)} words, one thread; **crossing**: an empty call with two {shortest}-code-point strings. The ratio is against C# Wagner–Fischer (`csharp dp`); below 1× is faster.");
        md.AppendLine();
        var headers = lengths.Select(l => $"distance L = {l}").Concat(queries.Select(q => $"nearest Q = {q}")).Append("crossing");
        ReportWriter.ImplementationTable(md, query.DistanceRows().Union(query.NearestRows()), headers, (implementation, strategy) =>
            lengths.Select(l => ReportWriter.Cell(query.Distance(implementation, strategy, "ascii", l), query.Distance("csharp", "dp", "ascii", l)))
                .Concat(queries.Select(q => ReportWriter.Cell(query.Nearest(implementation, strategy, q, 1), query.Nearest("csharp", "dp", q, 1))))
                .Append(implementation == "csharp" ? "none" : crossing.GetValueOrDefault(implementation) is { } c ? Format.Time(c.MedianNs) : "–"));
        md.AppendLine();
    }
}
