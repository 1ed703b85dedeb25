using System.Text.Json.Nodes;
using EditDistance.Bench.Report;
using EditDistance.Bench.Results;
using EditDistance.Bench.Running;
using Xunit;

namespace EditDistance.Bench.Tests;

/// <summary>
/// Who called is part of what a result measures: the same implementation timed from .NET and from Python are two rows
/// that never stand in for each other, and the Python part of the report follows the same noise rule as the rest.
/// </summary>
public sealed class CallerRulesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bench-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static BenchResult Distance(string caller, string implementation, string strategy, int length, double medianNs, double halfWidth, string text = "ascii") =>
        new("distance", implementation, strategy, new JsonObject { ["length"] = length, ["text"] = text }, medianNs, null, "test")
        {
            Caller = caller,
            CiLowerNs = medianNs - halfWidth,
            CiUpperNs = medianNs + halfWidth,
        };

    private static BenchResult Crossing(string caller, string implementation, string kind, double medianNs, double halfWidth, JsonObject? parameters = null) =>
        new("crossing", implementation, kind, parameters ?? [], medianNs, null, "test")
        {
            Caller = caller,
            CiLowerNs = medianNs - halfWidth,
            CiUpperNs = medianNs + halfWidth,
        };

    /// <summary>Pure-Python bit-parallel from Python at 8, 64 and 1000 code points, the baseline of the Python part.</summary>
    private static IEnumerable<BenchResult> PythonBaseline() =>
    [
        Distance(Callers.Python, "python", "bitparallel", 8, 2_000, 20),
        Distance(Callers.Python, "python", "bitparallel", 64, 25_000, 200),
        Distance(Callers.Python, "python", "bitparallel", 1000, 650_000, 5_000),
    ];

    [Fact]
    public void A_raw_file_whose_rows_do_not_say_who_called_is_refused()
    {
        var path = Path.Combine(_directory, "raw.json");
        File.WriteAllText(path, """
            {"source": "native-python", "environment": {}, "notes": [], "results": [
              {"benchmark": "distance", "implementation": "python", "strategy": "dp", "params": {"length": 8, "text": "ascii"},
               "median_ns": 100, "allocated_bytes": null, "source": "native-python"}]}
            """);

        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Json.Read<ResultFile>(path));
    }

    [Fact]
    public void Results_json_keeps_each_rows_caller()
    {
        var raw = Path.Combine(_directory, "raw");
        Directory.CreateDirectory(raw);
        Json.Write(Path.Combine(raw, "a.json"), new ResultFile("test", [], [Distance(Callers.Python, "rust-ctypes", "bitparallel", 8, 500, 5), Distance(Callers.Dotnet, "rust", "bitparallel", 8, 30, 1)], []));

        var merged = Merger.Merge(raw, Mode.Quick);
        Json.Write(Path.Combine(_directory, "results.json"), merged);
        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "results.json")))!["results"]!.AsArray();

        Assert.Equal(["python", "dotnet"], rows.Select(r => r!["caller"]!.GetValue<string>()));
    }

    [Fact]
    public void Python_heap_figures_go_to_the_row_called_from_dotnet_not_to_the_same_call_from_python()
    {
        var raw = Path.Combine(_directory, "raw");
        Directory.CreateDirectory(raw);
        Json.Write(Path.Combine(raw, "a.json"), new ResultFile("test", [],
            [Distance(Callers.Python, "python", "dp", 8, 3_000, 30), Distance(Callers.Dotnet, "python", "dp", 8, 3_500, 30)],
            [],
            [new Allocation("distance", "python", "dp", new JsonObject { ["length"] = 8, ["text"] = "ascii" }, PythonPeakBytes: 640)]));

        var merged = Merger.Merge(raw, Mode.Quick);

        Assert.Equal(640, Assert.Single(merged.Results, r => r.Caller == Callers.Dotnet).PythonPeakBytes);
        Assert.Null(Assert.Single(merged.Results, r => r.Caller == Callers.Python).PythonPeakBytes);
    }

    [Fact]
    public void A_call_from_python_never_stands_in_for_the_same_implementation_called_from_dotnet()
    {
        var query = new ResultQuery(
        [
            Distance(Callers.Python, "python", "bitparallel", 8, 2_000, 20),
            Distance(Callers.Dotnet, "csharp", "bitparallel", 8, 30, 1),
        ]);

        Assert.Null(query.Distance("python", "bitparallel", "ascii", 8));
        Assert.NotNull(query.From(Callers.Python).Distance("python", "bitparallel", "ascii", 8));
        Assert.DoesNotContain(("python", "bitparallel"), query.DistanceRows());
    }

    [Fact]
    public void A_mechanism_pays_from_the_length_where_it_wins_at_that_and_every_longer_length()
    {
        var query = new ResultQuery(
        [
            .. PythonBaseline(),
            Distance(Callers.Python, "rust-remote-binary", "bitparallel", 8, 30_000, 300),
            Distance(Callers.Python, "rust-remote-binary", "bitparallel", 64, 25_200, 300),
            Distance(Callers.Python, "rust-remote-binary", "bitparallel", 1000, 60_000, 600),
        ]);

        var sentence = Assert.Single(DecisionGuide.PythonSentences(query), s => s.StartsWith("**From Python, distance, ascii text**", StringComparison.Ordinal));

        Assert.Contains("out of process with binary frames pays from 1000 code points", sentence);
        Assert.Contains("loses 15.0× at 8", sentence);
        // 25.2 µs against 25.0 µs with overlapping intervals: neither wins.
        Assert.Contains("tied at 64 (25.2 µs and 25.0 µs)", sentence);
    }

    [Fact]
    public void A_difference_inside_the_noise_is_no_win_for_a_mechanism_from_python()
    {
        var query = new ResultQuery(
        [
            .. PythonBaseline(),
            Distance(Callers.Python, "rust-ctypes", "bitparallel", 8, 1_980, 30),
            Distance(Callers.Python, "rust-ctypes", "bitparallel", 64, 24_800, 400),
            Distance(Callers.Python, "rust-ctypes", "bitparallel", 1000, 645_000, 9_000),
        ]);

        var sentence = Assert.Single(DecisionGuide.PythonSentences(query), s => s.StartsWith("**From Python, distance, ascii text**", StringComparison.Ordinal));

        Assert.Contains("Rust through ctypes does not pay at any measured length", sentence);
        Assert.DoesNotContain("wins", sentence);
    }

    [Fact]
    public void Jsons_tax_negates_the_gain_where_binary_beats_pure_python_and_json_does_not()
    {
        var query = new ResultQuery(
        [
            .. PythonBaseline(),
            Distance(Callers.Python, "rust-remote-binary", "bitparallel", 64, 20_000, 200),
            Distance(Callers.Python, "rust-remote-json", "bitparallel", 64, 24_900, 400),
            Distance(Callers.Python, "rust-remote-binary", "bitparallel", 1000, 60_000, 600),
            Distance(Callers.Python, "rust-remote-json", "bitparallel", 1000, 80_000, 800),
        ]);

        var sentence = Assert.Single(DecisionGuide.PythonSentences(query), s => s.StartsWith("**JSON or binary from Python** (ascii", StringComparison.Ordinal));

        Assert.Contains("JSON's tax negates the out-of-process gain at 64 code points", sentence);
        Assert.DoesNotContain("negates the out-of-process gain at 64 and 1000", sentence);
    }

    [Fact]
    public void Jsons_tax_is_not_said_to_negate_a_gain_json_keeps()
    {
        var query = new ResultQuery(
        [
            .. PythonBaseline(),
            Distance(Callers.Python, "rust-remote-binary", "bitparallel", 1000, 60_000, 600),
            Distance(Callers.Python, "rust-remote-json", "bitparallel", 1000, 61_000, 600),
        ]);

        var sentence = Assert.Single(DecisionGuide.PythonSentences(query), s => s.StartsWith("**JSON or binary from Python**", StringComparison.Ordinal));

        Assert.Contains("JSON's tax does not negate the gain", sentence);
        Assert.Contains("tied within this run's noise", sentence);
    }

    [Fact]
    public void The_serialization_tax_splits_a_call_into_parts_measured_on_their_own_and_the_rest()
    {
        var length = new JsonObject { ["length"] = 64, ["text"] = "ascii" };
        var query = new ResultQuery(
        [
            Distance(Callers.Python, "rust-remote-json", "bitparallel", 64, 40_000, 400),
            new BenchResult("codec", "rust-remote-json", "client", length.DeepClone().AsObject(), 10_000, null, "test") { Caller = Callers.Python },
            new BenchResult("codec", "rust-remote-json", "server", length.DeepClone().AsObject(), 2_000, null, "test") { Caller = Callers.Rust },
            Crossing(Callers.Python, "rust-remote-json", "ping", 20_000, 200),
            Crossing(Callers.Rust, "rust", "native-bitparallel", 300, 3, length.DeepClone().AsObject()),
        ]);

        var row = Assert.Single(SerializationTax.Compute(query));

        Assert.Equal((Callers.Python, "json"), (row.Caller, row.Wire));
        Assert.Equal(40_000 - 10_000 - 2_000 - 20_000 - 300, row.RestNs);
        Assert.Equal(0.3, row.CodecShare, 3);
    }

    [Fact]
    public void The_readme_costs_table_lists_only_measured_mechanisms_and_types_no_figure()
    {
        var shortPair = new JsonObject { ["length"] = 8, ["text"] = "ascii" };
        var merged = new MergedResults(new JsonObject { ["mode"] = "default", ["cpu"] = "Test CPU", ["cores"] = 2, ["date"] = "2026-01-02T03:04:05Z" },
        [
            Crossing(Callers.Dotnet, "rust", "pinvoke-strings", 4.3, 0.1, shortPair.DeepClone().AsObject()),
            Distance(Callers.Dotnet, "rust", "bitparallel", 8, 31, 1),
            Crossing(Callers.Python, "rust-remote-json", "ping", 21_000, 300),
        ], []);

        var table = ReadmeWriter.Costs(merged).Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, table.Count); // header and two rows
        Assert.Contains(table, l => l.StartsWith("| .NET | Rust through P/Invoke | 4.30 ns | 31.0 ns |", StringComparison.Ordinal));
        Assert.Contains(table, l => l.StartsWith("| Python | Rust out of process, JSON lines | 21.0 µs | – |", StringComparison.Ordinal));
        Assert.DoesNotContain(table, l => l.Contains("ctypes", StringComparison.Ordinal));
    }

    [Fact]
    public void The_empty_call_of_the_nativeaot_harness_and_the_one_from_python_are_two_rows_whatever_their_strategy_says()
    {
        // Both strategies are "noop-strings": the same export, called from .NET by the NativeAOT harness (one row per
        // build) and from Python through ctypes.
        var pair = new JsonObject { ["length"] = 8, ["text"] = "ascii" };
        var fromPython = Crossing(Callers.Python, "rust-ctypes", NativeAotHarness.CrossingKind, 480, 5, pair.DeepClone().AsObject());
        var fromDotnet = Crossing(Callers.Dotnet, "rust", NativeAotHarness.CrossingKind, 2.0, 0.02,
            new JsonObject { ["length"] = 8, ["text"] = "ascii", ["runtime"] = NativeAotHarness.Jit });
        var merged = new MergedResults(new JsonObject { ["mode"] = "default" }, [fromDotnet, fromPython], []);
        var query = new ResultQuery(merged.Results);

        Assert.Same(fromDotnet, NativeAot.Crossing(query, NativeAotHarness.Jit));
        Assert.Null(NativeAot.Crossing(query.From(Callers.Python), NativeAotHarness.Jit));
        Assert.Same(fromPython, query.From(Callers.Python).Crossing("rust-ctypes", NativeAotHarness.CrossingKind, "ascii", 8));
        var costs = ReadmeWriter.Costs(merged).Split('\n');
        Assert.Contains(costs, l => l.StartsWith("| Python | Rust through ctypes | 480 ns |", StringComparison.Ordinal));
        Assert.DoesNotContain(costs, l => l.StartsWith("| .NET | Rust through P/Invoke", StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_section_gains_the_python_callers_table_and_at_most_four_findings_of_its_own()
    {
        var results = new List<BenchResult>();
        foreach (var length in new[] { 8, 64, 1000 })
        {
            results.Add(Distance(Callers.Dotnet, "csharp", "dp", length, length * length, 1));
            results.Add(Distance(Callers.Dotnet, "rust", "bitparallel", length, length, 0.5));
            results.Add(Distance(Callers.Dotnet, "rust-remote-binary", "bitparallel", length, 15_000 + length, 50));
            results.Add(Distance(Callers.Python, "python", "bitparallel", length, 40.0 * length, 5));
            results.Add(Distance(Callers.Python, "rust-ctypes", "bitparallel", length, 900 + length, 5));
            results.Add(Distance(Callers.Python, "rust-remote-binary", "bitparallel", length, 18_000 + length, 50));
            results.Add(Distance(Callers.Python, "rust-remote-json", "bitparallel", length, 21_000 + 2 * length, 50));
        }

        results.Add(Crossing(Callers.Python, "rust-remote-binary", "ping", 15_000, 100));
        var pairs = new JsonObject { ["query_length"] = 8, ["pairs"] = 10_000 };
        results.Add(Crossing(Callers.Python, "rust-remote-binary", "single-requests", 18_000, 100, pairs.DeepClone().AsObject()));
        results.Add(Crossing(Callers.Python, "rust-remote-binary", "one-batch", 700, 10, pairs.DeepClone().AsObject()));
        var merged = new MergedResults(new JsonObject { ["mode"] = "default" }, results, []);

        var lines = ReadmeWriter.Section(merged, "bench/results", []).Split('\n');
        var python = lines.SkipWhile(l => !l.StartsWith("**Calling from Python.**", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, lines.Count(l => l.StartsWith("| implementation |", StringComparison.Ordinal)));
        Assert.Contains(python, l => l.StartsWith("| python (baseline) | bitparallel |", StringComparison.Ordinal));
        Assert.Contains(python, l => l.StartsWith("| rust-remote-binary | bitparallel |", StringComparison.Ordinal) && l.EndsWith("| 15.0 µs |", StringComparison.Ordinal));
        Assert.InRange(python.Count(l => l.StartsWith("- ", StringComparison.Ordinal)), 1, DecisionGuide.MaxPythonFindings);
        Assert.Contains(python, l => l.StartsWith("- **From Python, distance, ascii text**", StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_replaces_each_marked_part_and_keeps_everything_else()
    {
        var readme = $"intro\n{ReadmeWriter.CostsStartMarker}\nold costs\n{ReadmeWriter.CostsEndMarker}\nmiddle\n{ReadmeWriter.StartMarker}\nold results\n{ReadmeWriter.EndMarker}\nend\n";

        var rewritten = ReadmeWriter.Replace(ReadmeWriter.Replace(readme, "new costs", ReadmeWriter.CostsStartMarker, ReadmeWriter.CostsEndMarker), "new results");

        Assert.Equal($"intro\n{ReadmeWriter.CostsStartMarker}\nnew costs\n{ReadmeWriter.CostsEndMarker}\nmiddle\n{ReadmeWriter.StartMarker}\nnew results\n{ReadmeWriter.EndMarker}\nend\n", rewritten);
    }
}
