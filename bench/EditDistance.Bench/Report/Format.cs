using System.Globalization;

namespace EditDistance.Bench.Report;

/// <summary>Number formatting of the report: times with a unit chosen per value, three significant digits.</summary>
internal static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Time(double nanoseconds) => nanoseconds switch
    {
        < 1_000 => $"{Significant(nanoseconds)} ns",
        < 1_000_000 => $"{Significant(nanoseconds / 1e3)} µs",
        < 1_000_000_000 => $"{Significant(nanoseconds / 1e6)} ms",
        _ => $"{Significant(nanoseconds / 1e9)} s",
    };

    public static string Ratio(double ratio) => ratio >= 100
        ? $"{ratio.ToString("N0", Invariant)}×"
        : $"{Significant(ratio)}×";

    public static string Percent(double share) => $"{(share * 100).ToString(share < 0.1 ? "0.0" : "0", Invariant)} %";

    public static string Bytes(double? bytes) => bytes switch
    {
        null => "n/a",
        < 1 => "0 B",
        < 10_000 => $"{bytes.Value.ToString("0", Invariant)} B",
        < 10_000_000 => $"{(bytes.Value / 1024).ToString("0", Invariant)} KiB",
        _ => $"{(bytes.Value / (1024 * 1024)).ToString("0", Invariant)} MiB",
    };

    /// <summary>Mebibytes with three significant digits, for memory measured in pages: "12.3 MiB".</summary>
    public static string Mebibytes(double? bytes) => bytes is { } b ? $"{Significant(b / (1024 * 1024))} MiB" : "n/a";

    public static string Number(double value) => value.ToString("N0", Invariant);

    /// <summary>A count per operation, which an average can make fractional: "0", "0.5", "12", "1,234".</summary>
    public static string Count(double value) => value.ToString(value < 10 ? "0.##" : "N0", Invariant);

    /// <summary>Three significant digits: 1.23, 12.3, 123, 1234.</summary>
    public static string Significant(double value)
    {
        var magnitude = Math.Abs(value);
        var format = magnitude >= 100 ? "0" : magnitude >= 10 ? "0.0" : magnitude >= 1 ? "0.00" : "0.000";
        return value.ToString(format, Invariant);
    }
}
