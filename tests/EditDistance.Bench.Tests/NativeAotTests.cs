using System.Text.Json.Nodes;
using EditDistance.Bench.Report;
using EditDistance.Bench.Results;
using EditDistance.Bench.Running;
using Xunit;

namespace EditDistance.Bench.Tests;

/// <summary>
/// "What NativeAOT changes", in report.md and the README: each build against the JIT build under the noise rule, a
/// dash and a reason for a build that was not measured, and rows of the NativeAOT harness that never stand in for
/// BenchmarkDotNet's measurements of the same call.
/// </summary>
public sealed class NativeAotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bench-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A harness row whose noise interval runs from <paramref name="fastest"/> to <paramref name="slowest"/>.</summary>
    private static BenchResult Crossing(string runtime, double medianNs, double fastest, double slowest) =>
        new("crossing", "rust", NativeAotHarness.CrossingKind, new JsonObject { ["length"] = 8, ["text"] = "ascii", ["runtime"] = runtime }, medianNs, null, NativeAotHarness.Source)
        {
            Caller = Callers.Dotnet,
            CiLowerNs = fastest,
            CiUpperNs = slowest,
            Iterations = 15,
        };

    private static BenchResult Startup(string runtime, double medianNs, double fastest, double slowest) =>
        new(NativeAotHarness.StartupBenchmark, "rust", NativeAotHarness.FirstResult, new JsonObject { ["runtime"] = runtime }, medianNs, null, NativeAotHarness.Source)
        {
            Caller = Callers.Dotnet,
            CiLowerNs = fastest,
            CiUpperNs = slowest,
            Iterations = 40,
        };

    /// <summary>The three builds' empty calls and both start-ups, as a quiet run measures them.</summary>
    private static List<BenchResult> AllBuilds() =>
    [
        Crossing(NativeAotHarness.Jit, 2.0, 1.98, 2.05),
        Crossing(NativeAotHarness.Aot, 5.9, 5.85, 6.8),
        Crossing(NativeAotHarness.AotDirect, 4.2, 4.1, 6.0),
        Startup(NativeAotHarness.Jit, 36_000_000, 30_000_000, 64_000_000),
        Startup(NativeAotHarness.AotDirect, 4_000_000, 3_600_000, 10_000_000),
    ];

    private static MergedResults Merged(IReadOnlyList<BenchResult> results, IReadOnlyList<string>? notes = null) =>
        new(new JsonObject { ["mode"] = "default", ["cpu"] = "Test CPU", ["cores"] = 2, ["date"] = "2026-01-02T03:04:05Z" }, results, notes ?? []);

    /// <summary>report.md's "What NativeAOT changes", up to the next section.</summary>
    private static List<string> Section(MergedResults merged) =>
        ReportWriter.Write(merged, []).Split('\n')
            .SkipWhile(l => l != "## What NativeAOT changes")
            .TakeWhile((l, i) => i == 0 || !l.StartsWith("## ", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public void A_build_is_slower_than_the_jit_only_when_the_intervals_are_apart()
    {
        var query = new ResultQuery(AllBuilds());
        var jit = NativeAot.Crossing(query, NativeAotHarness.Jit)!;

        Assert.Equal("2.10× slower", NativeAot.Relation(NativeAot.Crossing(query, NativeAotHarness.AotDirect)!, jit));
        // 4.2 ns against 5.9 ns is a ratio of 1.40, but the static build's slowest sample (6.0 ns) reaches into the
        // shared build's interval (5.85 ns …): no claim either way.
        Assert.Equal("tied", NativeAot.Relation(NativeAot.Crossing(query, NativeAotHarness.AotDirect)!, NativeAot.Crossing(query, NativeAotHarness.Aot)!));
        Assert.Contains(NativeAot.Findings(query), f => f.StartsWith("**Under NativeAOT, static or shared library**", StringComparison.Ordinal) && f.Contains("tied within this run's noise"));
    }

    [Fact]
    public void A_ratio_below_the_threshold_is_a_tie_even_with_intervals_apart()
    {
        var jit = Crossing(NativeAotHarness.Jit, 4.0, 3.99, 4.01);
        var aot = Crossing(NativeAotHarness.AotDirect, 4.2, 4.19, 4.21);

        Assert.Equal("tied", NativeAot.Relation(aot, jit));
        Assert.Equal("4.20 ns · tied", NativeAot.Against(aot, jit));
        Assert.Equal("4.00 ns", NativeAot.Against(jit, jit));
        Assert.Equal("–", NativeAot.Against(null, jit));
    }

    [Fact]
    public void The_findings_say_where_nativeaot_pays_and_where_it_costs()
    {
        var findings = NativeAot.Findings(new ResultQuery(AllBuilds()));

        Assert.Equal(3, findings.Count);
        Assert.StartsWith("**Start-up**: NativeAOT with the static library gives its first result 9.00× sooner", findings[0]);
        Assert.StartsWith("**Per call**: NativeAOT does not make a call cheaper", findings[1]);
        Assert.Contains("(2.10× slower)", findings[1]);
    }

    [Fact]
    public void The_report_section_has_a_table_per_measurement_and_no_startup_row_for_the_shared_build()
    {
        var section = Section(Merged(AllBuilds()));

        Assert.Contains("### The crossing, per call", section);
        Assert.Contains("| JIT: `dotnet app.dll`, the shared library next to it | 2.00 ns | 1.98 ns – 2.05 ns | 15 | baseline |", section);
        Assert.Contains("| NativeAOT, the shared library next to the executable | 5.90 ns | 5.85 ns – 6.80 ns | 15 | 2.95× slower |", section);
        Assert.Contains("### Start-up to first result", section);
        Assert.Contains("| NativeAOT, the static library linked in (`EditDistanceLinkStatically`) | 4.00 ms | 3.60 ms | 10.0 ms | 40 | 9.00× faster |", section);
        Assert.Single(section, l => l.StartsWith("| NativeAOT, the shared library", StringComparison.Ordinal));
        Assert.DoesNotContain(section, l => l.StartsWith("A dash", StringComparison.Ordinal));
    }

    [Fact]
    public void The_report_has_no_section_when_the_harness_did_not_run()
    {
        Assert.Empty(Section(Merged([])));
    }

    [Fact]
    public void A_build_that_failed_is_a_dash_and_the_last_section_says_why()
    {
        const string note = "startup/rust/first-result (aot-direct, NativeAOT harness): not measured: exit code 1.";
        var merged = Merged([Startup(NativeAotHarness.Jit, 36_000_000, 30_000_000, 64_000_000)], [note]);

        var section = Section(merged);

        Assert.DoesNotContain("### The crossing, per call", section);
        Assert.Contains("| NativeAOT, the static library linked in (`EditDistanceLinkStatically`) | – | – | – | – | – |", section);
        Assert.Contains("A dash is a build that was not measured: the last section says why.", section);
        Assert.Empty(NativeAot.Findings(new ResultQuery(merged.Results)));
        Assert.Contains($"- {note}", ReportWriter.Write(merged, []));
    }

    [Fact]
    public void A_failed_publish_alone_still_opens_the_section()
    {
        var section = Section(Merged([], ["crossing/rust/noop-strings (aot, NativeAOT harness): not measured: no build at x."]));

        Assert.Contains("### The crossing, per call", section);
        Assert.Contains("| NativeAOT, the shared library next to the executable | – | – | – | – |", section);
    }

    [Fact]
    public void The_harness_rows_never_stand_in_for_benchmarkdotnets_empty_call()
    {
        var pair = new JsonObject { ["length"] = 8, ["text"] = "ascii" };
        var benchmarkDotNet = new BenchResult("crossing", "rust", "pinvoke-strings", pair, 4.4, null, "benchmarkdotnet") { CiLowerNs = 4.3, CiUpperNs = 4.5 };
        var distance = new BenchResult("distance", "rust", "bitparallel", pair.DeepClone().AsObject(), 31, null, "benchmarkdotnet") { CiLowerNs = 30, CiUpperNs = 32 };
        var merged = Merged([.. AllBuilds(), benchmarkDotNet, distance]);
        var query = new ResultQuery(merged.Results);

        Assert.Same(benchmarkDotNet, query.Crossing("rust", "pinvoke-strings", "ascii", 8));
        Assert.Null(NativeAot.Crossing(new ResultQuery([benchmarkDotNet]), NativeAotHarness.Jit));
        Assert.Contains(ReadmeWriter.Costs(merged).Split('\n'), l => l.StartsWith("| .NET | Rust through P/Invoke | 4.40 ns |", StringComparison.Ordinal));
        Assert.Equal([8], query.Lengths("crossing", "length"));
    }

    [Fact]
    public void The_readme_table_has_a_row_per_build_and_says_so_when_nothing_was_measured()
    {
        var table = ReadmeWriter.Aot(Merged(AllBuilds())).Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();

        Assert.Equal(4, table.Count); // header and three builds
        Assert.Equal("| JIT: `dotnet app.dll`, the shared library next to it | 2.00 ns | 36.0 ms |", table[1]);
        Assert.Equal("| NativeAOT, the shared library next to the executable | 5.90 ns · 2.95× slower | – |", table[2]);
        Assert.Equal("| NativeAOT, the static library linked in (`EditDistanceLinkStatically`) | 4.20 ns · 2.10× slower | 4.00 ms · 9.00× faster |", table[3]);
        Assert.StartsWith("No measurements of NativeAOT yet", ReadmeWriter.Aot(Merged([])));
    }

    [Fact]
    public void Publishing_rewrites_the_aot_block_between_its_markers()
    {
        var readme = Path.Combine(_directory, "README.md");
        File.WriteAllText(readme, string.Join('\n',
            ReadmeWriter.CostsStartMarker, "old", ReadmeWriter.CostsEndMarker,
            ReadmeWriter.StartMarker, "old", ReadmeWriter.EndMarker,
            "## Shipping", ReadmeWriter.AotStartMarker, "old", ReadmeWriter.AotEndMarker, "## The contract", ""));

        ReadmeWriter.Publish(Merged(AllBuilds()), _directory, readme, Path.Combine(_directory, "charts"));

        var lines = File.ReadAllLines(readme);
        var block = lines.SkipWhile(l => l != ReadmeWriter.AotStartMarker).Skip(1).TakeWhile(l => l != ReadmeWriter.AotEndMarker).ToList();
        Assert.DoesNotContain("old", block);
        Assert.Contains(block, l => l.StartsWith("| NativeAOT, the static library linked in", StringComparison.Ordinal));
        Assert.Equal("## The contract", lines.SkipWhile(l => l != ReadmeWriter.AotEndMarker).Skip(1).First());
    }
}
