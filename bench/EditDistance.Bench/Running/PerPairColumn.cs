using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EditDistance.Bench.Benchmarks;
using EditDistance.Bench.Inputs;

namespace EditDistance.Bench.Running;

/// <summary>
/// "Per pair" in BenchmarkDotNet's console table: the median of a distance batch divided by its size, the figure
/// results.json publishes. BenchmarkDotNet's OperationsPerInvoke cannot do it because the batch size depends on a
/// parameter (the length), and an attribute argument must be a constant.
/// </summary>
internal sealed class PerPairColumn : IColumn
{
    public string Id => nameof(PerPairColumn);

    public string ColumnName => "Per pair";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => -10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => "Median per pair: the median of one batch divided by the number of pairs in it";

    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => BdnResults.PairsPerInvocation(c) > 1);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null)
        {
            return "NA";
        }

        var perPair = statistics.Median / BdnResults.PairsPerInvocation(benchmarkCase);
        return Report.Format.Time(perPair);
    }
}
