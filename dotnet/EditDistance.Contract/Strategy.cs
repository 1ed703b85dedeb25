namespace EditDistance;

/// <summary>
/// The algorithm behind an implementation. Every language offers both, so that a benchmark can tell
/// "a better algorithm" apart from "a faster language".
/// </summary>
public enum Strategy
{
    /// <summary>Two-row Wagner–Fischer dynamic programming: O(n·m), the code everyone writes first.</summary>
    Dp = 0,

    /// <summary>
    /// Myers/Hyyrö bit-parallel: 64 DP cells per machine word, block-wise beyond 64 code points; a bound of 3 or less
    /// tries the few edit paths it allows instead (mbleven).
    /// </summary>
    BitParallel = 1,
}

/// <summary>Names shared by the three languages, used in test output, benchmarks and reports.</summary>
public static class StrategyNames
{
    /// <summary>The lower-case name used by Rust (<c>Strategy::Dp</c> → "dp") and Python ("dp", "bitparallel").</summary>
    public static string ToName(this Strategy strategy) => strategy switch
    {
        Strategy.Dp => "dp",
        Strategy.BitParallel => "bitparallel",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown strategy."),
    };
}
