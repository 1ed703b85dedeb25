using EditDistance.Bench.Results;

namespace EditDistance.Bench.Report;

/// <summary>
/// One distance call from .NET next to the empty call with the same two strings: the boundary measured directly,
/// in the same process, by the same timer, and its share of the call.
/// </summary>
/// <param name="NativeNs">The same pairs timed natively (Rust's <c>distance_utf16</c>, Python in the interpreter .NET
/// hosts): what the work costs to a caller already in that language. Another process with another timer, and for
/// Rust a harness that links with LTO and inlines the call into its loop, so it is shown, never subtracted.</param>
/// <param name="NativeApiNs">Rust only: the same pairs through Rust's own <c>&amp;str</c> API.</param>
internal sealed record BreakdownRow(
    string Implementation,
    string Strategy,
    string Text,
    int Length,
    double ThroughDotnetNs,
    double EmptyCallNs,
    double? NativeNs,
    double? NativeApiNs)
{
    /// <summary>The empty call's share of the real call, capped at 1 (an empty call slower than the real one is noise).</summary>
    public double BoundaryShare => ThroughDotnetNs > 0 ? Math.Min(1, EmptyCallNs / ThroughDotnetNs) : 0;
}

internal static class Breakdown
{
    /// <summary>The empty call that matches what a distance call does at each boundary.</summary>
    private static readonly Dictionary<string, (string Implementation, string Kind)> EmptyCall = new()
    {
        ["rust"] = ("rust", "pinvoke-strings"),
        ["python"] = ("python", "pythonnet-converting"),
        ["python-Levenshtein"] = ("python", "pythonnet-converting"),
    };

    public static IReadOnlyList<BreakdownRow> Compute(ResultQuery query) => query.Of("distance")
        .Where(r => EmptyCall.ContainsKey(r.Implementation))
        .Select(through =>
        {
            var (implementation, kind) = EmptyCall[through.Implementation];
            var text = through.Text("text")!;
            var length = through.Int("length")!.Value;
            if (implementation == "rust" && TakesShortCall(through.Strategy, text, length))
            {
                kind = "pinvoke-strings-short-call";
            }

            var empty = query.Crossing(implementation, kind, text, length);
            var rust = query.From(Callers.Rust);
            var native = through.Implementation == "rust"
                ? rust.Crossing("rust", $"native-{through.Strategy}", text, length)
                : query.From(Callers.Python).Distance(through.Implementation, through.Strategy, text, length);
            return empty is null
                ? null
                : new BreakdownRow(through.Implementation, through.Strategy, text, length, through.MedianNs, empty.MedianNs,
                    native?.MedianNs,
                    through.Implementation == "rust" ? rust.Crossing("rust", $"native-str-{through.Strategy}", text, length)?.MedianNs : null);
        })
        .OfType<BreakdownRow>()
        .OrderBy(r => r.Implementation, StringComparer.Ordinal)
        .ThenBy(r => r.Strategy == "dp" ? 0 : 1)
        .ThenBy(r => r.Text, StringComparer.Ordinal)
        .ThenBy(r => r.Length)
        .ToList();

    /// <summary>
    /// Whether <c>RustEditDistance</c> passes every pair of a batch without the GC transition: the limits of
    /// dotnet/EditDistance.Rust/NativeMethods.ShortCall.cs (bit-parallel: both strings at most 64 UTF-16 units; dp: at
    /// most 256 cells), applied to the worst case of each text (mixed text may hold two units per code point).
    /// </summary>
    internal static bool TakesShortCall(string strategy, string text, int length)
    {
        var units = text == "ascii" ? length : 2 * length;
        return strategy == "bitparallel" ? units <= 64 : units * units <= 256;
    }
}
