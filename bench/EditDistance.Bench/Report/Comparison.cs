using EditDistance.Bench.Results;

namespace EditDistance.Bench.Report;

/// <summary>Which of two results a comparison can call faster: neither, when the run's noise cannot tell them apart.</summary>
internal enum Verdict
{
    Tied,
    FirstFaster,
    SecondFaster,
}

/// <summary>
/// The one rule behind every comparison sentence and every "fastest" claim of the report: one result beats another
/// only when their noise intervals (<see cref="BenchResult.CiLowerNs"/> … <see cref="BenchResult.CiUpperNs"/>) do
/// not overlap <b>and</b> the slower median is at least <see cref="MinimumRatio"/> times the faster one. Anything
/// else is a tie within this run's noise: on a shared 2-core machine a few per cent move from run to run, and a
/// reader who copies a decision from the report must not copy a coin toss.
/// </summary>
internal readonly record struct Comparison(BenchResult First, BenchResult Second)
{
    public const double MinimumRatio = 1.10;

    /// <summary>The slower median over the faster one (≥ 1).</summary>
    public double Ratio => Math.Max(First.MedianNs, Second.MedianNs) / Math.Min(First.MedianNs, Second.MedianNs);

    /// <summary>Whether both results have a noise interval; without one, no comparison can be claimed either way.</summary>
    public bool HasIntervals => First.CiLowerNs is not null && First.CiUpperNs is not null && Second.CiLowerNs is not null && Second.CiUpperNs is not null;

    /// <summary>
    /// Whether the intervals are disjoint. A result without an interval (a single timed call) separates from
    /// nothing: one call says nothing about its own noise.
    /// </summary>
    public bool Separated =>
        First is { CiLowerNs: { } firstLow, CiUpperNs: { } firstHigh }
        && Second is { CiLowerNs: { } secondLow, CiUpperNs: { } secondHigh }
        && (firstHigh < secondLow || secondHigh < firstLow);

    public Verdict Verdict => !Separated || Ratio < MinimumRatio
        ? Verdict.Tied
        : First.MedianNs < Second.MedianNs ? Verdict.FirstFaster : Verdict.SecondFaster;

    public BenchResult Faster => First.MedianNs <= Second.MedianNs ? First : Second;

    public BenchResult Slower => First.MedianNs <= Second.MedianNs ? Second : First;

    /// <summary>
    /// The comparison in words, for a sentence that names both sides: "X (12.3 ns) beats Y (45.6 ns) by 3.71×" or
    /// "X (12.3 ns) and Y (12.5 ns) are tied within this run's noise".
    /// </summary>
    public string Describe(string first, string second) => Verdict switch
    {
        _ when !HasIntervals => $"{first} ({Format.Time(First.MedianNs)}) and {second} ({Format.Time(Second.MedianNs)}) are not compared: {(First.CiLowerNs is null ? first : second)} has no noise interval in this run (a single timed iteration)",
        Verdict.FirstFaster => $"{first} ({Format.Time(First.MedianNs)}) beats {second} ({Format.Time(Second.MedianNs)}) by {Format.Ratio(Ratio)}",
        Verdict.SecondFaster => $"{second} ({Format.Time(Second.MedianNs)}) beats {first} ({Format.Time(First.MedianNs)}) by {Format.Ratio(Ratio)}",
        _ => $"{first} ({Format.Time(First.MedianNs)}) and {second} ({Format.Time(Second.MedianNs)}) are tied within this run's noise",
    };

    /// <summary>
    /// The result of <paramref name="candidates"/> that beats every other one under the rule, or null when the
    /// fastest is tied with a runner-up (then no "fastest" claim may be made).
    /// </summary>
    public static BenchResult? Fastest(IEnumerable<BenchResult> candidates)
    {
        var ordered = candidates.OrderBy(r => r.MedianNs).ToList();
        return ordered.Count switch
        {
            0 => null,
            1 => ordered[0],
            _ => ordered.Skip(1).All(other => new Comparison(ordered[0], other).Verdict == Verdict.FirstFaster) ? ordered[0] : null,
        };
    }

    /// <summary>The candidates tied with the fastest one (itself included), fastest first.</summary>
    public static IReadOnlyList<BenchResult> TiedForFastest(IEnumerable<BenchResult> candidates)
    {
        var ordered = candidates.OrderBy(r => r.MedianNs).ToList();
        return ordered.Count == 0
            ? []
            : ordered.Where(r => ReferenceEquals(r, ordered[0]) || new Comparison(ordered[0], r).Verdict == Verdict.Tied).ToList();
    }
}
