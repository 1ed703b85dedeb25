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
    /// <summary>The value of <paramref name="key"/> in every raw file's environment that has one, in file order.</summary>
    private static IEnumerable<JsonNode> Values(IEnumerable<JsonObject> environments, string key) =>
        environments.Select(e => e[key]).OfType<JsonNode>();

    /// <summary>The highest 1-minute load average seen when a BenchmarkDotNet scenario started, or null off Linux.</summary>
    private static double? MaxLoad(IEnumerable<JsonObject> environments) => Values(environments, "load_average")
        .Select(v => v.ToString().Split(' ')[0])
        .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : (double?)null)
        .Max();

    /// <summary>The largest share of the machine that other processes used while a BenchmarkDotNet scenario ran.</summary>
    private static double? MaxOtherCpu(IEnumerable<JsonObject> environments) => Values(environments, "other_cpu_share")
        .Select(v => (double?)v.GetValue<double>())
        .Max();

    public static MergedResults Merge(string rawDirectory, Mode mode)
    {
        var files = System.IO.Directory.Exists(rawDirectory)
            ? System.IO.Directory.EnumerateFiles(rawDirectory, "*.json").Order(StringComparer.Ordinal).Select(Json.Read<ResultFile>).ToList()
            : [];
        var environment = files.Select(f => f.Environment).ToList();
        string? Find(string key) => Values(environment, key).Select(v => v.ToString()).FirstOrDefault(v => v.Length > 0);

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
            ["date"] = Values(environment, "date").Select(v => v.ToString()).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            // A raw file written in quick mode makes the whole run quick, whatever this command was told: the README
            // publishes default-mode runs only and reads this field.
            ["mode"] = Values(environment, "mode").Any(v => v.ToString() == "quick")
                ? "quick"
                : mode.ToString().ToLowerInvariant(),
        };

        var notes = files.SelectMany(f => f.Notes).ToList();
        var results = WithAllocations(WithPeakMemory(files.SelectMany(f => f.Results).ToList(), notes), files.SelectMany(f => f.Allocations ?? []));
        return new MergedResults(machine, results, notes.Distinct().ToList());
    }

    /// <summary>
    /// Puts each peak-memory measurement (<see cref="PeakMemory"/>) into the time row that measures the same thing
    /// (benchmark, implementation, strategy and parameters), so that results.json holds one row per thing measured.
    /// A peak without a time row (its benchmark failed) stays a row of its own, timed by its single call, and a
    /// note says so.
    /// </summary>
    private static List<BenchResult> WithPeakMemory(List<BenchResult> results, List<string> notes)
    {
        var peaks = results.Where(r => r.Source == PeakMemory.Source).ToList();
        var merged = results.Where(r => r.Source != PeakMemory.Source).ToList();
        foreach (var peak in peaks)
        {
            var index = merged.FindIndex(r => r.Benchmark == peak.Benchmark && r.Caller == peak.Caller && r.Implementation == peak.Implementation
                && r.Strategy == peak.Strategy && SameParams(r.Params, peak.Params));
            if (index >= 0)
            {
                merged[index] = merged[index] with { PeakMemoryBytes = peak.PeakMemoryBytes };
            }
            else
            {
                merged.Add(peak);
                notes.Add($"{peak.Benchmark}/{peak.Implementation}/{peak.Strategy}: no BenchmarkDotNet time; the time shown is the single call of the peak-memory measurement.");
            }
        }

        return merged;
    }

    /// <summary>
    /// Puts each native-heap measurement into the time row it belongs to. One without a time row (its benchmark was
    /// filtered out or failed, which a note already says) is dropped: an allocation figure alone answers nothing.
    /// </summary>
    private static List<BenchResult> WithAllocations(List<BenchResult> results, IEnumerable<Allocation> allocations)
    {
        foreach (var allocation in allocations)
        {
            var index = results.FindIndex(r => r.Benchmark == allocation.Benchmark && r.Caller == allocation.Caller
                && r.Implementation == allocation.Implementation && r.Strategy == allocation.Strategy && SameParams(r.Params, allocation.Params));
            if (index >= 0)
            {
                results[index] = results[index] with
                {
                    NativeAllocatedBytes = allocation.NativeAllocatedBytes ?? results[index].NativeAllocatedBytes,
                    NativeAllocations = allocation.NativeAllocations ?? results[index].NativeAllocations,
                    PythonPeakBytes = allocation.PythonPeakBytes ?? results[index].PythonPeakBytes,
                };
            }
        }

        return results;
    }

    private static bool SameParams(JsonObject x, JsonObject y) =>
        x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var value) && JsonNode.DeepEquals(p.Value, value));
}
