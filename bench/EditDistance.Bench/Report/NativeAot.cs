using System.Text;
using EditDistance.Bench.Results;
using EditDistance.Bench.Running;

namespace EditDistance.Bench.Report;

/// <summary>
/// "What NativeAOT changes": the NativeAOT harness's rows (<see cref="NativeAotHarness"/>) as report.md's section and
/// as the README's table (<see cref="ReadmeWriter.Aot"/>). Every "faster" and "slower" goes through
/// <see cref="Comparison"/>; a row that was not measured is a dash, and the notes say why.
/// </summary>
internal static class NativeAot
{
    /// <summary>The builds in the order of the tables, each with the words a reader recognises.</summary>
    public static readonly IReadOnlyList<(string Runtime, string Label)> Builds =
    [
        (NativeAotHarness.Jit, "JIT: `dotnet app.dll`, the shared library next to it"),
        (NativeAotHarness.Aot, "NativeAOT, the shared library next to the executable"),
        (NativeAotHarness.AotDirect, "NativeAOT, the static library linked in (`EditDistanceLinkStatically`)"),
    ];

    public static BenchResult? Crossing(ResultQuery query, string runtime) => query.Build("crossing", NativeAotHarness.CrossingKind, runtime);

    public static BenchResult? Startup(ResultQuery query, string runtime) => query.Build(NativeAotHarness.StartupBenchmark, NativeAotHarness.FirstResult, runtime);

    /// <summary>Whether the run has anything to say about NativeAOT: a row, or a note on one that failed.</summary>
    public static bool Measured(ResultQuery query, IEnumerable<string> notes) =>
        Builds.Any(b => Crossing(query, b.Runtime) is not null || Startup(query, b.Runtime) is not null) || notes.Any(IsNote);

    /// <summary>The notes the harness writes for a row it could not measure (see <see cref="NativeAotHarness"/>).</summary>
    private static bool IsNote(string note) => note.Contains("NativeAOT harness", StringComparison.Ordinal);

    /// <summary>
    /// A build's time against the JIT build's under the noise rule: "4.17 ns · 2.07× slower", "4.17 ns · tied", the
    /// time alone for the JIT build itself, "–" when not measured.
    /// </summary>
    public static string Against(BenchResult? result, BenchResult? jit) => result is null
        ? "–"
        : jit is null || ReferenceEquals(result, jit)
            ? Format.Time(result.MedianNs)
            : $"{Format.Time(result.MedianNs)} · {Relation(result, jit)}";

    /// <summary>"2.07× faster", "2.07× slower", "tied", or "not compared" when one of the two has no interval.</summary>
    public static string Relation(BenchResult result, BenchResult jit)
    {
        var comparison = new Comparison(result, jit);
        return !comparison.HasIntervals
            ? "not compared"
            : comparison.Verdict switch
            {
                Verdict.FirstFaster => $"{Format.Ratio(comparison.Ratio)} faster",
                Verdict.SecondFaster => $"{Format.Ratio(comparison.Ratio)} slower",
                _ => "tied",
            };
    }

    /// <summary>
    /// What a reader can act on, each sentence only where its rows were measured: what NativeAOT does to the start-up,
    /// what it does to each call, and whether linking the static library changes the call.
    /// </summary>
    public static IReadOnlyList<string> Findings(ResultQuery query)
    {
        var findings = new List<string>();
        if ((Startup(query, NativeAotHarness.Jit), Startup(query, NativeAotHarness.AotDirect)) is ({ } jitStart, { } aotStart))
        {
            var comparison = new Comparison(aotStart, jitStart);
            findings.Add(comparison.Verdict switch
            {
                Verdict.FirstFaster => $"**Start-up**: NativeAOT with the static library gives its first result {Format.Ratio(comparison.Ratio)} sooner than the JIT build ({Format.Time(aotStart.MedianNs)} against {Format.Time(jitStart.MedianNs)}): it pays where processes are short-lived (command-line tools, functions started per request).",
                Verdict.SecondFaster => $"**Start-up**: NativeAOT with the static library is slower to a first result than the JIT build here: {comparison.Describe("NativeAOT", "JIT")}.",
                _ => $"**Start-up**: {comparison.Describe("NativeAOT with the static library", "the JIT build")} to a first result.",
            });
        }

        if ((Crossing(query, NativeAotHarness.Jit), Crossing(query, NativeAotHarness.AotDirect)) is ({ } jitCall, { } aotCall))
        {
            var comparison = new Comparison(aotCall, jitCall);
            findings.Add(comparison.Verdict switch
            {
                Verdict.SecondFaster => $"**Per call**: NativeAOT does not make a call cheaper: the empty P/Invoke with two strings costs {Format.Time(aotCall.MedianNs)} with the static library against {Format.Time(jitCall.MedianNs)} under the JIT ({Format.Ratio(comparison.Ratio)} slower), which matters only where calls are many and short.",
                Verdict.FirstFaster => $"**Per call**: the empty P/Invoke with two strings is cheaper under NativeAOT with the static library: {comparison.Describe("NativeAOT", "JIT")}.",
                _ => $"**Per call**: {comparison.Describe("NativeAOT with the static library", "the JIT build")} on the empty P/Invoke with two strings: NativeAOT changes the call by nothing this run can measure.",
            });
        }

        if ((Crossing(query, NativeAotHarness.Aot), Crossing(query, NativeAotHarness.AotDirect)) is ({ } shared, { } linked))
        {
            var comparison = new Comparison(linked, shared);
            findings.Add(comparison.Verdict == Verdict.FirstFaster
                ? $"**Under NativeAOT, link the static library** (`EditDistanceLinkStatically`): each call binds directly and costs {Format.Time(linked.MedianNs)} against {Format.Time(shared.MedianNs)} through the shared library ({Format.Ratio(comparison.Ratio)}), and the app ships as one file."
                : $"**Under NativeAOT, static or shared library**: per call, {comparison.Describe("the static library", "the shared library")}; linking it statically still ships the app as one file.");
        }

        return findings;
    }

    /// <summary>report.md's section; nothing when the harness did not run (filtered out).</summary>
    public static void Write(StringBuilder md, ResultQuery query, IReadOnlyList<string> notes)
    {
        if (!Measured(query, notes))
        {
            return;
        }

        md.AppendLine("## What NativeAOT changes");
        md.AppendLine();
        md.AppendLine("One small program (`bench/EditDistance.NativeAot`), built three ways in this run: **JIT** (`dotnet EditDistance.NativeAot.dll`, the shared library next to it), **NativeAOT with the shared library** next to the executable (the runtime binds each P/Invoke on its first call), and **NativeAOT with the static library linked in** by EditDistance.Rust's own `buildTransitive` targets (`EditDistanceLinkStatically`: DirectPInvoke, bound by the linker, one file). Every build uses the library built with the `bench` feature. \"faster\" and \"slower\" follow the noise rule (intervals apart and a ratio of at least 1.10×); anything else is tied.");
        md.AppendLine();
        var jitCall = Crossing(query, NativeAotHarness.Jit);
        if (Builds.Any(b => Crossing(query, b.Runtime) is not null) || notes.Any(n => IsNote(n) && n.StartsWith("crossing/", StringComparison.Ordinal)))
        {
            var any = Builds.Select(b => Crossing(query, b.Runtime)).OfType<BenchResult>().FirstOrDefault();
            md.AppendLine("### The crossing, per call");
            md.AppendLine();
            md.AppendLine($"The empty call with the two strings of each {any?.Int("length") ?? NativeAotHarness.CrossingLength}-code-point {any?.Text("text") ?? "ascii"} pair (`ed_noop_strings` through `RustBoundary.NoopStrings`, with the GC transition), in one C# loop that each build compiles its own way: the median of the samples, the fastest and slowest sample as the interval. Another loop and another timer than BenchmarkDotNet's: compare these rows with each other, not with the crossing tables above.");
            md.AppendLine();
            md.AppendLine("| build | per call | fastest – slowest | samples | against JIT |");
            md.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var (runtime, label) in Builds)
            {
                var result = Crossing(query, runtime);
                md.AppendLine($"| {label} | {Time(result)} | {Interval(result)} | {result?.Iterations?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–"} | {Against(runtime, result, jitCall)} |");
            }

            md.AppendLine();
        }

        var jitStart = Startup(query, NativeAotHarness.Jit);
        var startups = Builds.Where(b => b.Runtime != NativeAotHarness.Aot).ToList();
        if (startups.Any(b => Startup(query, b.Runtime) is not null) || notes.Any(n => IsNote(n) && n.StartsWith($"{NativeAotHarness.StartupBenchmark}/", StringComparison.Ordinal)))
        {
            md.AppendLine("### Start-up to first result");
            md.AppendLine();
            md.AppendLine("From starting the process to its exit after it printed `distance(\"kitten\", \"sitting\")`, computed by `RustEditDistance` through EditDistance.Rust's public API as a consumer calls it; the two builds spawned alternately by one timer, after an untimed run of each. Included: creating the process; the runtime's start (JIT: the `dotnet` host resolving the framework, loading the runtime and compiling the code that runs; NativeAOT: nothing to resolve or compile); loading the Rust library (JIT: the shared library; static: nothing, it is in the executable); the first `RustEditDistance` with its layout check, the call, printing, and the exit. Excluded: building and publishing, and a cold disk cache (the untimed runs).");
            md.AppendLine();
            md.AppendLine("| build | median | fastest | slowest | runs | against JIT |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (runtime, label) in startups)
            {
                var result = Startup(query, runtime);
                md.AppendLine($"| {label} | {Time(result)} | {(result?.CiLowerNs is { } low ? Format.Time(low) : "–")} | {(result?.CiUpperNs is { } high ? Format.Time(high) : "–")} | {result?.Iterations?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–"} | {Against(runtime, result, jitStart)} |");
            }

            md.AppendLine();
        }

        var findings = Findings(query);
        foreach (var finding in findings)
        {
            md.AppendLine($"- {finding}");
        }

        if (findings.Count > 0)
        {
            md.AppendLine();
        }

        if (notes.Any(IsNote))
        {
            md.AppendLine("A dash is a build that was not measured: the last section says why.");
            md.AppendLine();
        }
    }

    /// <summary>The "against JIT" cell of report.md's tables, whose other columns show the times.</summary>
    private static string Against(string runtime, BenchResult? result, BenchResult? jit) =>
        runtime == NativeAotHarness.Jit ? "baseline" : result is null || jit is null ? "–" : Relation(result, jit);

    private static string Time(BenchResult? result) => result is null ? "–" : Format.Time(result.MedianNs);

    private static string Interval(BenchResult? result) =>
        result is { CiLowerNs: { } low, CiUpperNs: { } high } ? $"{Format.Time(low)} – {Format.Time(high)}" : "–";
}
