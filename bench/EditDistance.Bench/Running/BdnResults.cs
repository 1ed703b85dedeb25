using System.Reflection;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EditDistance.Bench.Benchmarks;
using EditDistance.Bench.Inputs;
using EditDistance.Bench.Results;

namespace EditDistance.Bench.Running;

/// <summary>Turns BenchmarkDotNet's in-process <see cref="Summary"/> into results.json lines.</summary>
public static class BdnResults
{
    /// <summary>scenario, implementation and strategy of a benchmark, from its class and method attributes.</summary>
    public static (string Scenario, string Implementation, string Strategy) Describe(BenchmarkCase benchmarkCase)
    {
        var method = benchmarkCase.Descriptor.WorkloadMethod;
        // The class being run, not the method's declaring one: OneImplementationBenchmarks declares the methods of
        // several scenarios.
        var type = benchmarkCase.Descriptor.Type;
        var scenario = type.GetCustomAttribute<ScenarioAttribute>()?.Name
            ?? throw new InvalidOperationException($"{type.Name} has no [Scenario].");
        var measures = method.GetCustomAttribute<MeasuresAttribute>()
            ?? throw new InvalidOperationException($"{type.Name}.{method.Name} has no [Measures].");
        return (scenario, measures.Implementation, measures.Strategy);
    }

    /// <summary>How many pairs one invocation times: the batch size for [PerPair] classes, else 1.</summary>
    public static int PairsPerInvocation(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type.GetCustomAttribute<PerPairAttribute>() switch
        {
            null => 1,
            { Pairs: > 0 } fixedBatch => fixedBatch.Pairs,
            _ => InputSet.PairsPerBatch((int)benchmarkCase.Parameters["Length"]),
        };

    public static IEnumerable<BenchResult> From(Summary summary, ICollection<string> notes)
    {
        foreach (var report in summary.Reports)
        {
            var benchmarkCase = report.BenchmarkCase;
            var (scenario, implementation, strategy) = Describe(benchmarkCase);
            var statistics = report.ResultStatistics;
            if (!report.Success || statistics is null)
            {
                notes.Add($"{scenario}/{implementation}/{strategy} {benchmarkCase.Parameters.DisplayInfo} failed: no measurement (see the BenchmarkDotNet log).");
                continue;
            }

            var pairs = PairsPerInvocation(benchmarkCase);
            var interval = statistics.GetConfidenceInterval(Perfolizer.Mathematics.Common.ConfidenceLevel.L999);
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
            yield return new BenchResult(
                scenario,
                implementation,
                strategy,
                Parameters(scenario, benchmarkCase),
                statistics.Median / pairs,
                allocated is { } bytes ? (double)bytes / pairs : null,
                "benchmarkdotnet")
            {
                Iterations = statistics.N,
                // The interval of the mean that BenchmarkDotNet's "Error" column is half of (Student's t over the
                // iterations); the report never claims a difference these intervals cannot show.
                // One iteration (the monitoring job in quick mode) has no interval: null, so nothing is claimed from it.
                CiLowerNs = double.IsFinite(interval.Lower) ? interval.Lower / pairs : null,
                CiUpperNs = double.IsFinite(interval.Upper) ? interval.Upper / pairs : null,
            };
        }
    }

    private static JsonObject Parameters(string scenario, BenchmarkCase benchmarkCase)
    {
        var parameters = new JsonObject();
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            JsonNode? value = parameter.Value switch
            {
                TextKind kind => kind.ToName(),
                int i => i,
                var other => other?.ToString(),
            };
            parameters[SnakeCase(parameter.Name)] = value;
        }

        if (benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<MeasuresAttribute>()?.Path is { } path)
        {
            parameters["path"] = path;
        }

        if (scenario == "nearest")
        {
            parameters["corpus"] = InputSet.CorpusSize;
            parameters["k"] = NearestBenchmarks.K;
        }

        if (benchmarkCase.Descriptor.Type == typeof(CrossingBatchBenchmarks))
        {
            parameters["entries"] = CrossingBatchBenchmarks.Entries;
            parameters["k"] = NearestBenchmarks.K;
        }

        if (benchmarkCase.Descriptor.Type == typeof(CrossingRemoteBatchBenchmarks))
        {
            parameters["pairs"] = CrossingRemoteBatchBenchmarks.Pairs;
        }

        return parameters;
    }

    private static string SnakeCase(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
