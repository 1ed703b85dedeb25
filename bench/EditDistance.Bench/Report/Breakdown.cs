namespace EditDistance.Bench.Report;

/// <summary>One pair's time through .NET split into the work (timed natively) and the boundary (the rest).</summary>
/// <param name="NativeApiNs">Rust only: the same pairs through Rust's own <c>&amp;str</c> API, without .NET at all.</param>
internal sealed record BreakdownRow(
    string Implementation,
    string Strategy,
    string Text,
    int Length,
    double ThroughDotnetNs,
    double NativeNs,
    double? EmptyCallNs,
    double? NativeApiNs)
{
    /// <summary>
    /// Through .NET minus natively. When the native timing is the slower one, the difference is below the noise
    /// of the two measurements (they run in different processes, at different times): the boundary is then taken
    /// as free rather than negative, and <see cref="WithinNoise"/> says so.
    /// </summary>
    public double BoundaryNs => Math.Max(0, ThroughDotnetNs - NativeNs);

    public bool WithinNoise => ThroughDotnetNs <= NativeNs;

    public double BoundaryShare => ThroughDotnetNs > 0 ? BoundaryNs / ThroughDotnetNs : 0;

    /// <summary>The empty call with the same strings as a share of the real call: the boundary measured directly.</summary>
    public double? EmptyCallShare => EmptyCallNs is { } empty && ThroughDotnetNs > 0 ? Math.Min(1, empty / ThroughDotnetNs) : null;
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

    public static IReadOnlyList<BreakdownRow> Compute(ResultQuery query) => query.Of("crossing")
        .Where(r => r.Strategy is "native-dp" or "native-bitparallel" or "native-peer")
        .Select(native =>
        {
            var strategy = native.Strategy["native-".Length..];
            var text = native.Text("text")!;
            var length = native.Int("length")!.Value;
            var through = query.Distance(native.Implementation, strategy, text, length);
            var empty = EmptyCall.TryGetValue(native.Implementation, out var call) ? query.Crossing(call.Implementation, call.Kind, text, length) : null;
            return through is null
                ? null
                : new BreakdownRow(native.Implementation, strategy, text, length, through.MedianNs, native.MedianNs, empty?.MedianNs,
                    query.Crossing(native.Implementation, $"native-str-{strategy}", text, length)?.MedianNs);
        })
        .OfType<BreakdownRow>()
        .OrderBy(r => r.Implementation, StringComparer.Ordinal)
        .ThenBy(r => r.Strategy == "dp" ? 0 : 1)
        .ThenBy(r => r.Text, StringComparer.Ordinal)
        .ThenBy(r => r.Length)
        .ToList();
}
