using System.Text;
using EditDistance.Bench.Results;

namespace EditDistance.Bench.Report;

/// <summary>
/// The "Results" section of the repository's README.md, written from one default-mode run: the machine, the
/// headline tables and the decision guide, made by the same code as report.md so that the two cannot disagree.
/// Only the text between <see cref="StartMarker"/> and <see cref="EndMarker"/> is replaced.
/// </summary>
public static class ReadmeWriter
{
    public const string StartMarker = "<!-- bench:start -->";
    public const string EndMarker = "<!-- bench:end -->";

    /// <summary>Charts copied next to the README's results; the first is shown, the others linked.</summary>
    private static readonly string[] PublishedCharts = ["distance-ascii.png", "distance-mixed.png", Charts.CrossingChart];

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
        foreach (var chart in PublishedCharts.Where(c => File.Exists(Path.Combine(benchDirectory, c))))
        {
            File.Copy(Path.Combine(benchDirectory, chart), Path.Combine(chartsDirectory, chart), overwrite: true);
            copied.Add(chart);
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
        md.AppendLine($"Measured on {Fact("cpu") ?? "an unknown CPU"} ({Fact("cores") ?? "?"} cores, {Fact("os") ?? "unknown OS"}; {string.Join(", ", software)}) on {date}, {Fact("mode") ?? "default"} mode.");
        md.AppendLine("These figures come from one run on that machine; `./build.sh Bench` regenerates them on yours, with the full report in `artifacts/bench/report.md` (`./build.sh Bench --publish` rewrites this section).");
        md.AppendLine();

        if (query.Texts("distance").Contains("ascii"))
        {
            md.AppendLine($"**distance**, ASCII text: median time per pair through `IEditDistance.Distance` (the peers through their own API), ratio against **{ReportWriter.DistanceBaseline}** (below 1× is faster).");
            md.AppendLine();
            ReportWriter.DistanceTable(md, query, "ascii");
            md.AppendLine();
        }

        if (query.NearestRows().Count > 0)
        {
            md.AppendLine($"**nearest**, k = 10: {ReportWriter.NearestCaption}.");
            md.AppendLine();
            ReportWriter.NearestTable(md, query);
            md.AppendLine();
        }

        var sentences = DecisionGuide.Sentences(query, machine);
        if (sentences.Count > 0)
        {
            md.AppendLine("**Decision guide**, computed from these measurements:");
            md.AppendLine();
            foreach (var sentence in sentences)
            {
                md.AppendLine($"- {sentence}");
            }

            md.AppendLine();
        }

        if (charts.Contains("distance-ascii.png"))
        {
            md.AppendLine($"![Time per pair against string length, ASCII text, log–log]({chartLink}/distance-ascii.png)");
            md.AppendLine();
        }

        var links = new List<string>();
        if (charts.Contains("distance-mixed.png"))
        {
            links.Add($"[mixed-script text]({chartLink}/distance-mixed.png)");
        }

        if (charts.Contains(Charts.CrossingChart))
        {
            links.Add($"[where the time goes: boundary against work]({chartLink}/{Charts.CrossingChart})");
        }

        if (links.Count > 0)
        {
            md.AppendLine($"Also: {string.Join(", ", links)}.");
        }

        return md.ToString();
    }
}
