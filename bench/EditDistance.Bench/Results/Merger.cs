using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using EditDistance.Bench.Running;

namespace EditDistance.Bench.Results;

/// <summary>results.json: the machine, every measurement, and what was left out or failed.</summary>
public sealed record MergedResults(JsonObject Machine, IReadOnlyList<BenchResult> Results, IReadOnlyList<string> Notes);

/// <summary>Merges the raw files of one run (BenchmarkDotNet's and the native harnesses') into one document.</summary>
public static class Merger
{
    /// <summary>The highest 1-minute load average seen when a BenchmarkDotNet scenario started, or null off Linux.</summary>
    private static double? MaxLoad(IEnumerable<JsonObject> environments) => environments
        .Select(e => e.TryGetPropertyValue("load_average", out var value) ? value?.ToString() : null)
        .Select(v => v?.Split(' ')[0])
        .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : (double?)null)
        .Max();

    /// <summary>The largest share of the machine that other processes used while a BenchmarkDotNet scenario ran.</summary>
    private static double? MaxOtherCpu(IEnumerable<JsonObject> environments) => environments
        .Select(e => e.TryGetPropertyValue("other_cpu_share", out var value) && value is not null ? value.GetValue<double>() : (double?)null)
        .Max();

    public static MergedResults Merge(string rawDirectory, Mode mode)
    {
        var files = System.IO.Directory.Exists(rawDirectory)
            ? System.IO.Directory.EnumerateFiles(rawDirectory, "*.json").Order(StringComparer.Ordinal).Select(Json.Read<ResultFile>).ToList()
            : [];
        var environment = files.Select(f => f.Environment).ToList();
        string? Find(string key) => environment
            .Select(e => e.TryGetPropertyValue(key, out var value) ? value?.ToString() : null)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));

        var machine = new JsonObject
        {
            ["os"] = Find("os") ?? RuntimeInformation.OSDescription,
            ["cpu"] = Find("cpu") ?? "unknown",
            ["cores"] = Environment.ProcessorCount,
            ["dotnet"] = Find("dotnet") ?? RuntimeInformation.FrameworkDescription,
            ["rust"] = Find("rustc"),
            ["python_version"] = Find("python_version"),
            ["python_executable"] = Find("python_executable"),
            ["python_host"] = Find("python_host"),
            ["load_average"] = MaxLoad(environment),
            ["other_cpu_share"] = MaxOtherCpu(environment),
            // When the first BenchmarkDotNet scenario started (ISO 8601 strings sort by time); the merge time without one.
            ["date"] = environment.Select(e => e.TryGetPropertyValue("date", out var value) ? value?.ToString() : null)
                .OfType<string>().Order(StringComparer.Ordinal).FirstOrDefault()
                ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            // A raw file written in quick mode makes the whole run quick, whatever this command was told: the README
            // publishes default-mode runs only and reads this field.
            ["mode"] = environment.Any(e => e.TryGetPropertyValue("mode", out var value) && value?.ToString() == "quick")
                ? "quick"
                : mode.ToString().ToLowerInvariant(),
        };

        return new MergedResults(
            machine,
            files.SelectMany(f => f.Results).ToList(),
            files.SelectMany(f => f.Notes).Distinct().ToList());
    }
}
