using System.Text.Json.Nodes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using EditDistance.Bench.Benchmarks;
using EditDistance.Bench.Results;

namespace EditDistance.Bench.Running;

/// <summary>Runs the selected BenchmarkDotNet classes of one scenario (or all) and collects their results.</summary>
public static class BdnRunner
{
    /// <summary>Every benchmark class, in the order they run.</summary>
    public static IReadOnlyList<Type> Classes { get; } =
    [
        typeof(DistanceBenchmarks),
        typeof(DistanceRemoteBenchmarks),
        typeof(DistancePythonLevenshteinBenchmarks),
        typeof(BoundedBenchmarks),
        typeof(NearestBenchmarks),
        typeof(NearestRemoteBenchmarks),
        typeof(NearestPythonBenchmarks),
        typeof(CrossingCallBenchmarks),
        typeof(CrossingRemoteCallBenchmarks),
        typeof(CrossingStringsBenchmarks),
        typeof(CrossingBatchBenchmarks),
        typeof(CrossingRemoteBatchBenchmarks),
        typeof(CodecBenchmarks),
        typeof(LongBenchmarks),
    ];

    /// <summary>Runs the benchmarks; <paramref name="failures"/> counts those that produced no measurement.</summary>
    public static ResultFile Run(out int failures, string? scenario, Selection selection, Mode mode, string artifactsDirectory, JsonObject environment)
    {
        var notes = new List<string>();
        failures = 0;
        var classes = Classes
            .Where(c => scenario is null || Scenario(c) == scenario)
            .Where(c => c != typeof(DistancePythonLevenshteinBenchmarks)
                || (selection.Includes("distance", "python-Levenshtein", "peer") && PythonLevenshteinAvailable(notes)))
            .ToList();

        var runs = classes
            .Select(type => BenchmarkConverter.TypeToBenchmarks(type, Config(type, selection, mode, artifactsDirectory)))
            .Where(run => run.BenchmarksCases.Length > 0)
            .ToArray();
        var count = runs.Sum(r => r.BenchmarksCases.Length);
        Console.WriteLine($"BenchmarkDotNet: {scenario ?? "all scenarios"} ({count} benchmark{(count == 1 ? "" : "s")} in {runs.Length} class{(runs.Length == 1 ? "" : "es")}, {mode.ToString().ToLowerInvariant()} mode, filter: {selection})");
        if (count == 0)
        {
            return new ResultFile("benchmarkdotnet", environment, [], notes);
        }

        var summaries = BenchmarkRunner.Run(runs);
        var results = summaries.SelectMany(s => BdnResults.From(s, notes)).ToList();
        failures = summaries.Sum(s => s.Reports.Count(r => !r.Success || r.ResultStatistics is null));
        foreach (var note in notes)
        {
            Console.WriteLine($"note: {note}");
        }

        return new ResultFile("benchmarkdotnet", environment, results, notes);
    }

    public static string Scenario(Type benchmarkClass) =>
        ((ScenarioAttribute)Attribute.GetCustomAttribute(benchmarkClass, typeof(ScenarioAttribute))!).Name;

    /// <summary>
    /// One config per class, because the job differs per class (see <see cref="Jobs"/>); a job in a global config
    /// would be added to, not replace, a per-class job, running everything twice.
    /// </summary>
    private static IConfig Config(Type type, Selection selection, Mode mode, string artifactsDirectory) =>
        ManualConfig.CreateEmpty()
            .AddJob(Jobs.For(type, mode))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(new PerPairColumn())
            .AddExporter(MarkdownExporter.GitHub)
            .AddValidator(JitOptimizationsValidator.FailOnError)
            .AddFilter(new SimpleFilter(c =>
            {
                var (scenario, implementation, strategy) = BdnResults.Describe(c);
                return selection.Includes(scenario, implementation, strategy);
            }))
            .WithArtifactsPath(artifactsDirectory);

    private static bool PythonLevenshteinAvailable(ICollection<string> notes)
    {
        if (DistancePythonLevenshteinBenchmarks.IsAvailable(out var reason))
        {
            return true;
        }

        notes.Add(reason);
        return false;
    }
}
