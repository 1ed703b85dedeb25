using System.Text.Json.Nodes;
using EditDistance.Bench.Report;
using EditDistance.Bench.Results;
using Xunit;

namespace EditDistance.Bench.Tests;

/// <summary>
/// The report says "beats" or "fastest" only when the noise intervals do not overlap and the ratio is at least
/// 1.10; everything else is a tie, in the decision guide and in the README alike.
/// </summary>
public class ReportRulesTests
{
    /// <summary>A distance result with a median and a symmetric noise interval of ± <paramref name="halfWidth"/> ns.</summary>
    private static BenchResult Distance(string implementation, string strategy, int length, double medianNs, double halfWidth, string text = "ascii") =>
        new("distance", implementation, strategy, new JsonObject { ["length"] = length, ["text"] = text }, medianNs, null, "benchmarkdotnet")
        {
            CiLowerNs = medianNs - halfWidth,
            CiUpperNs = medianNs + halfWidth,
        };

    private static BenchResult Crossing(string implementation, string kind, double medianNs, double halfWidth, int? entries = null)
    {
        var parameters = new JsonObject { ["query_length"] = 8 };
        if (entries is { } n)
        {
            parameters["entries"] = n;
        }

        return new("crossing", implementation, kind, parameters, medianNs, null, "benchmarkdotnet") { CiLowerNs = medianNs - halfWidth, CiUpperNs = medianNs + halfWidth };
    }

    [Fact]
    public void A_one_percent_difference_with_overlapping_intervals_is_a_tie()
    {
        var comparison = new Comparison(Distance("rust", "bitparallel", 8, 100, 3), Distance("csharp", "bitparallel", 8, 101, 3));

        Assert.False(comparison.Separated);
        Assert.Equal(Verdict.Tied, comparison.Verdict);
        Assert.Contains("tied within this run's noise", comparison.Describe("rust", "csharp"));
    }

    [Fact]
    public void Separated_intervals_with_a_ratio_below_the_threshold_are_a_tie()
    {
        var comparison = new Comparison(Distance("rust", "bitparallel", 8, 100, 0.5), Distance("csharp", "bitparallel", 8, 105, 0.5));

        Assert.True(comparison.Separated);
        Assert.Equal(Verdict.Tied, comparison.Verdict);
    }

    [Fact]
    public void A_ratio_above_the_threshold_with_overlapping_intervals_is_a_tie()
    {
        var comparison = new Comparison(Distance("rust", "bitparallel", 8, 100, 30), Distance("csharp", "bitparallel", 8, 150, 30));

        Assert.False(comparison.Separated);
        Assert.Equal(Verdict.Tied, comparison.Verdict);
    }

    [Fact]
    public void Separated_intervals_and_a_ratio_of_at_least_the_threshold_name_the_faster_side()
    {
        var comparison = new Comparison(Distance("csharp", "bitparallel", 8, 150, 2), Distance("rust", "bitparallel", 8, 100, 2));

        Assert.Equal(Verdict.SecondFaster, comparison.Verdict);
        Assert.StartsWith("rust (100 ns) beats csharp (150 ns) by 1.50×", comparison.Describe("csharp", "rust"));
    }

    [Fact]
    public void A_result_without_an_interval_separates_from_nothing()
    {
        var single = Distance("rust", "dp", 8, 100, 0) with { CiLowerNs = null, CiUpperNs = null };

        Assert.Equal(Verdict.Tied, new Comparison(single, Distance("csharp", "dp", 8, 1000, 1)).Verdict);
    }

    [Fact]
    public void A_result_without_an_interval_is_not_compared_in_words()
    {
        var single = Distance("python", "bitparallel", 8, 50_000, 0) with { CiLowerNs = null, CiUpperNs = null };

        var sentence = new Comparison(Distance("rust", "bitparallel", 8, 1000, 1), single).Describe("rust", "python");

        Assert.Contains("not compared", sentence);
        Assert.DoesNotContain("beats", sentence);
    }

    [Fact]
    public void The_decision_guide_reports_a_one_percent_difference_as_a_tie()
    {
        var query = new ResultQuery(
        [
            Distance("rust", "bitparallel", 8, 100, 3),
            Distance("csharp", "bitparallel", 8, 101, 3),
        ]);

        var sentence = Assert.Single(DecisionGuide.Sentences(query, []), s => s.StartsWith("**bitparallel, ascii text**", StringComparison.Ordinal));

        Assert.DoesNotContain("beats", sentence);
        Assert.Contains("tied within this run's noise at every measured length", sentence);
    }

    [Fact]
    public void The_decision_guide_claims_a_win_only_where_the_rule_allows_one()
    {
        var query = new ResultQuery(
        [
            Distance("rust", "bitparallel", 8, 100, 3),
            Distance("csharp", "bitparallel", 8, 101, 3),
            Distance("rust", "bitparallel", 64, 200, 2),
            Distance("csharp", "bitparallel", 64, 300, 2),
        ]);

        var sentence = Assert.Single(DecisionGuide.Sentences(query, []), s => s.StartsWith("**bitparallel, ascii text**", StringComparison.Ordinal));

        Assert.Contains("Rust beats C# at 64 (1.50×)", sentence);
        Assert.Contains("tied at 8 (Rust 100 ns, C# 101 ns)", sentence);
        Assert.DoesNotContain("every measured length", sentence);
    }

    [Fact]
    public void No_fastest_claim_when_the_fastest_is_tied_with_the_runner_up()
    {
        var query = new ResultQuery(
        [
            Distance("rust", "bitparallel", 64, 200, 5),
            Distance("csharp", "bitparallel", 64, 202, 5),
            Distance("csharp", "dp", 64, 4000, 50),
        ]);

        var sentence = Assert.Single(DecisionGuide.Sentences(query, []), s => s.StartsWith("At 64 code points", StringComparison.Ordinal));

        Assert.Contains("are tied for the fastest implementation here", sentence);
        Assert.DoesNotContain("the fastest implementation here is", sentence);
    }

    [Fact]
    public void A_peer_that_counts_utf16_units_is_not_compared_on_mixed_text()
    {
        var query = new ResultQuery(
        [
            Distance("rust", "bitparallel", 64, 300, 5, "mixed"),
            Distance("Quickenshtein", "peer", 64, 100, 5, "mixed"),
        ]);

        var sentence = Assert.Single(DecisionGuide.Sentences(query, []), s => s.StartsWith("At 64 code points (mixed)", StringComparison.Ordinal));

        Assert.DoesNotContain("Quickenshtein", sentence);
        Assert.False(ReportWriter.HonoursContract(query.All[1]));
    }

    [Fact]
    public void Batching_is_reported_as_a_tie_when_one_call_saves_less_than_the_noise()
    {
        var query = new ResultQuery(
        [
            Crossing("csharp", "per-entry-calls", 1000, 20, 10_000),
            Crossing("csharp", "one-call", 980, 20),
        ]);

        var sentence = Assert.Single(DecisionGuide.Sentences(query, []), s => s.StartsWith("Batching", StringComparison.Ordinal));

        Assert.Contains("nothing beyond this run's noise", sentence);
        Assert.DoesNotContain("per entry (", sentence);
    }

    [Fact]
    public void The_readme_section_holds_one_table_at_most_six_findings_and_one_chart()
    {
        var results = new List<BenchResult>();
        foreach (var length in new[] { 8, 64, 1000 })
        {
            foreach (var (implementation, factor) in new[] { ("csharp", 1.0), ("rust", 0.8), ("python", 50.0) })
            {
                results.Add(Distance(implementation, "dp", length, factor * length * length, 1));
                results.Add(Distance(implementation, "bitparallel", length, factor * length, 0.5));
            }
        }

        results.Add(Crossing("rust", "pinvoke-strings", 5, 0.1) with { Params = new JsonObject { ["length"] = 8, ["text"] = "ascii" } });
        results.Add(Crossing("python", "pythonnet-converting", 500, 5) with { Params = new JsonObject { ["length"] = 8, ["text"] = "ascii" } });
        results.Add(Crossing("python", "pythonnet-thread-state", 200, 5));
        results.Add(Crossing("python", "pythonnet-no-thread-state", 8000, 50));
        foreach (var implementation in new[] { "csharp", "rust", "python" })
        {
            results.Add(Crossing(implementation, "per-entry-calls", 5000, 10, 10_000));
            results.Add(Crossing(implementation, "one-call", 1000, 10));
        }

        var merged = new MergedResults(new JsonObject { ["mode"] = "default" }, results, []);
        var section = ReadmeWriter.Section(merged, "bench/results", ["distance-ascii.png", "distance-mixed.png"]);

        var findings = section.Split('\n').Count(line => line.StartsWith("- ", StringComparison.Ordinal));
        Assert.InRange(findings, 1, DecisionGuide.MaxFindings);
        Assert.Single(section.Split('\n'), line => line.StartsWith("| implementation |", StringComparison.Ordinal));
        Assert.Single(section.Split('\n'), line => line.StartsWith("![", StringComparison.Ordinal));
        Assert.DoesNotContain("distance-mixed.png", section);
    }
}
