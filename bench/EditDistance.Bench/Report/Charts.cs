using EditDistance.Bench.Results;
using ScottPlot;

namespace EditDistance.Bench.Report;

/// <summary>
/// The PNG charts of the report, drawn with ScottPlot (headless: SkiaSharp, no display needed).
/// </summary>
public static class Charts
{
    public const string CrossingChart = "crossing-breakdown.png";

    public const string PythonDistanceChart = "distance-python-ascii.png";

    /// <summary>Writes every chart the results allow into <paramref name="directory"/>; returns their file names.</summary>
    public static IReadOnlyList<string> Write(MergedResults merged, string directory)
    {
        var query = new ResultQuery(merged.Results);
        var written = new List<string>();
        foreach (var text in query.Texts("distance"))
        {
            var name = $"distance-{text}.png";
            DistanceAgainstLength(query, text).SavePng(Path.Combine(directory, name), 1100, 650);
            written.Add(name);
        }

        // From Python, ASCII: where each line crosses pure-Python bit-parallel's is where that mechanism starts to pay.
        var python = query.From(Callers.Python);
        if (python.Of("distance").Any(r => r.Text("text") == "ascii"))
        {
            DistanceAgainstLength(python, "ascii", "from Python").SavePng(Path.Combine(directory, PythonDistanceChart), 1100, 650);
            written.Add(PythonDistanceChart);
        }

        var rows = Breakdown.Compute(query).Where(r => r.Text == "ascii").ToList();
        if (rows.Count > 0)
        {
            CrossingBreakdown(rows).SavePng(Path.Combine(directory, CrossingChart), 1100, 600);
            written.Add(CrossingChart);
        }

        return written;
    }

    /// <summary>
    /// Time per pair against length, one line per implementation × strategy and per peer that gives the contract's
    /// answers on this text (see <see cref="ReportWriter.HonoursContract"/>), log–log. ScottPlot 5 has no log axis:
    /// the data are plotted as log10 values and the ticks are labelled with the real ones.
    /// </summary>
    private static Plot DistanceAgainstLength(ResultQuery query, string text, string caller = "from .NET")
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var (implementation, strategy) in query.DistanceRows())
        {
            var points = query.Of("distance")
                .Where(r => r.Implementation == implementation && r.Strategy == strategy && r.Text("text") == text && ReportWriter.HonoursContract(r))
                .OrderBy(r => r.Int("length"))
                .ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(
                points.Select(p => Math.Log10(p.Int("length")!.Value)).ToArray(),
                points.Select(p => Math.Log10(p.MedianNs)).ToArray());
            line.LegendText = strategy == "peer" ? implementation : $"{implementation} {strategy}";
            line.Color = palette.GetColor(index++);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LinePattern = strategy == "dp" ? LinePattern.Dashed : strategy == "peer" ? LinePattern.Dotted : LinePattern.Solid;
        }

        LogTicks(plot.Axes.Bottom, query.Lengths("distance", "length").Select(l => (double)l));
        LogTicks(plot.Axes.Left, PowersOfTen(query.Of("distance").Where(r => r.Text("text") == text && ReportWriter.HonoursContract(r)).Select(r => r.MedianNs)), PowerOfTenTime);
        plot.Title($"distance {caller}: time per pair against length ({text} text, log–log)");
        plot.XLabel("length (code points)");
        plot.YLabel("time per pair");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// For Rust and Python called from .NET: which share of one distance call is the boundary (the empty call with the
    /// same strings, see <see cref="Breakdown"/>) and which the rest, as 100 % stacked bars, one per strategy and length
    /// (ASCII text), labelled with the time per pair.
    /// </summary>
    private static Plot CrossingBreakdown(IReadOnlyList<BreakdownRow> rows)
    {
        var plot = new Plot();
        var work = new ScottPlot.Color(31, 119, 180);
        var boundary = new ScottPlot.Color(255, 127, 14);
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var workShare = 100 * (1 - row.BoundaryShare);
            bars.Add(new Bar { Position = i, ValueBase = 0, Value = workShare, FillColor = work });
            bars.Add(new Bar
            {
                Position = i,
                ValueBase = workShare,
                Value = 100,
                FillColor = boundary,
                Label = Format.Time(row.ThroughDotnetNs),
            });
            ticks.Add(new Tick(i, $"{row.Implementation}\n{row.Strategy}\nL={row.Length}"));
        }

        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Margins(bottom: 0, top: 0.12);
        plot.Axes.SetLimitsY(0, 112);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"]);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "the rest: the work", FillColor = work });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "boundary: empty call, same strings", FillColor = boundary });
        plot.ShowLegend(Edge.Right);
        plot.Title("Where one distance call from .NET goes (ASCII; label: time per pair)");
        plot.YLabel("share of the time per pair (%)");
        return plot;
    }

    private static IEnumerable<double> PowersOfTen(IEnumerable<double> values)
    {
        var list = values.Where(v => v > 0).ToList();
        if (list.Count == 0)
        {
            return [1];
        }

        var low = (int)Math.Floor(Math.Log10(list.Min()));
        var high = (int)Math.Ceiling(Math.Log10(list.Max()));
        return Enumerable.Range(low, high - low + 1).Select(e => Math.Pow(10, e));
    }

    /// <summary>"1 ns", "10 µs", "100 ms": a power of ten needs no decimals.</summary>
    private static string PowerOfTenTime(double nanoseconds) =>
        Format.Time(nanoseconds).Replace(".00 ", " ", StringComparison.Ordinal).Replace(".0 ", " ", StringComparison.Ordinal);

    private static void LogTicks(IAxis axis, IEnumerable<double> values, Func<double, string>? label = null)
    {
        var ticks = values.Select(v => new Tick(Math.Log10(v), label?.Invoke(v) ?? v.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
    }
}
