using System.Text;
using EditDistance.Bench.Results;

namespace EditDistance.Bench.Report;

/// <summary>
/// The performance goals this repository sets itself, each checked against this run's measurements with the same
/// caution as every comparison (<see cref="Comparison"/>): a goal is <b>met</b> only when the whole noise interval
/// is on the right side of it, <b>missed</b> when the whole interval is on the wrong side, and otherwise
/// <b>within the noise</b>. Goals are never asserted in unit tests: a timing depends on the machine and its load.
/// </summary>
internal static class Goals
{
    /// <summary>One goal: what it asks, what this run measured, and the verdict.</summary>
    internal sealed record Row(string Goal, string Measured, string Verdict);

    public static void Write(StringBuilder md, ResultQuery query)
    {
        var rows = Evaluate(query).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        md.AppendLine("## Goals");
        md.AppendLine();
        md.AppendLine("Targets the implementations are built to reach on a 2-core machine, checked against this run: **met** when the measurement's whole noise interval (99.9 % for BenchmarkDotNet) is on the right side of the target, **missed** when it is wholly on the wrong side, otherwise **within the noise**. Throughput is one core's pairs per second through the C ABI, as .NET calls Rust.");
        md.AppendLine();
        md.AppendLine("| goal | measured | verdict |");
        md.AppendLine("|---|---:|---|");
        foreach (var row in rows)
        {
            md.AppendLine($"| {row.Goal} | {row.Measured} | {row.Verdict} |");
        }

        md.AppendLine();
    }

    internal static IEnumerable<Row> Evaluate(ResultQuery query)
    {
        var bound = Inputs.InputSet.BoundedMaxDistance;
        if (query.Bounded("rust", "bitparallel", 1000) is { } bounded1000)
        {
            yield return Throughput($"bounded, max {bound}, ASCII, L = 1000, rust bit-parallel: ≥ 40 M pairs/s", bounded1000, 40e6);
        }

        foreach (var implementation in new[] { "rust", "csharp" })
        {
            if (query.Bounded(implementation, "bitparallel", 1000) is { } slow && query.Bounded(implementation, "bitparallel", 64) is { } fast)
            {
                yield return AtMostTimes($"bounded, max {bound}, {implementation} bit-parallel: L = 1000 within 1.5× of L = 64", slow, fast, 1.5);
            }
        }

        foreach (var (length, pairsPerSecond) in new[] { (8, 20e6), (64, 1.7e6) })
        {
            if (query.Distance("rust", "bitparallel", "mixed", length) is { } mixed)
            {
                yield return Throughput($"distance, mixed-script text, L = {length}, rust bit-parallel: ≥ {Format.Significant(pairsPerSecond / 1e6)} M pairs/s", mixed, pairsPerSecond);
            }
        }

        foreach (var (implementation, milliseconds) in new[] { ("rust", 0.5), ("csharp", 0.7) })
        {
            if (query.Nearest(implementation, "bitparallel", 8, 1) is { } nearest)
            {
                yield return AtMost($"nearest, query 8, one thread, {implementation} bit-parallel: ≤ {Format.Significant(milliseconds)} ms", nearest, milliseconds * 1e6);
            }
        }

        if (query.Nearest("python", "bitparallel", 8, 1, "lanes") is { } pythonLanes
            && query.Nearest("python", "bitparallel", 8, 1, "scalar") is { } pythonScalar)
        {
            yield return AtLeastTimesFaster("nearest, query 8, python bit-parallel: lanes ≥ 10× faster than the scalar path", pythonLanes, pythonScalar, 10);
        }

        var threads = query.Lengths("nearest", "threads").Where(t => t > 1).DefaultIfEmpty(0).Max();
        foreach (var implementation in new[] { "rust", "csharp" })
        {
            if (threads == 2 && query.Nearest(implementation, "bitparallel", 8, 2) is { } two && query.Nearest(implementation, "bitparallel", 8, 1) is { } one)
            {
                yield return AtLeastTimesFaster($"nearest, query 8, {implementation} bit-parallel: two threads ≥ 1.8× one", two, one, 1.8);
            }
        }

        foreach (var (length, times) in new[] { (8, 2.5), (64, 8.0), (1000, 6.0) })
        {
            if (query.Distance("csharp", "bitparallel", "ascii", length) is { } csharp && query.Distance("Quickenshtein", "peer", "ascii", length) is { } peer)
            {
                yield return AtLeastTimesFaster($"distance, ASCII, L = {length}: C# bit-parallel ≥ {Format.Significant(times)}× faster than Quickenshtein", csharp, peer, times);
            }
        }

        if (query.Crossing("rust", "pinvoke-strings-short-call", "ascii", 8) is { } shortCall)
        {
            yield return AtMost("P/Invoke with two strings without the GC transition: ≤ 2.5 ns", shortCall, 2.5);
        }
    }

    private static Row Throughput(string goal, BenchResult result, double pairsPerSecond)
    {
        var row = AtMost(goal, result, 1e9 / pairsPerSecond);
        return row with { Measured = $"{Format.Significant(1e9 / result.MedianNs / 1e6)} M pairs/s ({Format.Time(result.MedianNs)} per pair)" };
    }

    private static Row AtMost(string goal, BenchResult result, double targetNs) =>
        new(goal, Format.Time(result.MedianNs), Verdict(result.CiUpperNs <= targetNs, result.CiLowerNs > targetNs, result.MedianNs <= targetNs, HasInterval(result)));

    /// <summary><paramref name="slow"/> takes at most <paramref name="times"/> as long as <paramref name="fast"/>.</summary>
    private static Row AtMostTimes(string goal, BenchResult slow, BenchResult fast, double times) =>
        new(goal, $"{Format.Ratio(slow.MedianNs / fast.MedianNs)} ({Format.Time(slow.MedianNs)} against {Format.Time(fast.MedianNs)})",
            Verdict(slow.CiUpperNs / fast.CiLowerNs <= times, slow.CiLowerNs / fast.CiUpperNs > times, slow.MedianNs / fast.MedianNs <= times, HasInterval(slow) && HasInterval(fast)));

    /// <summary><paramref name="fast"/> is at least <paramref name="times"/> faster than <paramref name="slow"/>.</summary>
    private static Row AtLeastTimesFaster(string goal, BenchResult fast, BenchResult slow, double times) =>
        new(goal, $"{Format.Ratio(slow.MedianNs / fast.MedianNs)} ({Format.Time(fast.MedianNs)} against {Format.Time(slow.MedianNs)})",
            Verdict(slow.CiLowerNs / fast.CiUpperNs >= times, slow.CiUpperNs / fast.CiLowerNs < times, slow.MedianNs / fast.MedianNs >= times, HasInterval(fast) && HasInterval(slow)));

    private static bool HasInterval(BenchResult result) => result.CiLowerNs is not null && result.CiUpperNs is not null;

    /// <summary>
    /// The verdict from the interval's two ends (<paramref name="surelyMet"/>, <paramref name="surelyMissed"/>; a
    /// comparison with a null end is false) and, without an interval, from the median alone, said as such.
    /// </summary>
    private static string Verdict(bool surelyMet, bool surelyMissed, bool medianMeets, bool hasInterval) =>
        !hasInterval ? (medianMeets ? "met by the median (no noise interval: one timed iteration)" : "missed by the median (no noise interval: one timed iteration)")
        : surelyMet ? "**met**"
        : surelyMissed ? "**missed**"
        : "within the noise";
}
