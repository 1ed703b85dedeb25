using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EditDistance.Bench.Inputs;
using EditDistance.Bench.Results;

namespace EditDistance.Bench.Running;

/// <summary>
/// What NativeAOT changes, measured by the <c>aot</c> command with the program of bench/EditDistance.NativeAot in the
/// three builds the Bench target makes of it (<see cref="Runtimes"/>): the empty call with two strings per call, timed
/// by each build's own loop, and the start-up to a first result, timed here around whole processes.
/// </summary>
/// <remarks>
/// Rows: <c>crossing/rust/noop-strings</c> with <c>{"length", "text", "runtime"}</c>, one per build; and
/// <c>startup/rust/first-result</c> with <c>{"runtime"}</c> for <c>jit</c> and <c>aot-direct</c>. Caller
/// <c>dotnet</c>. The strategy is not BenchmarkDotNet's <c>pinvoke-strings</c>: the same call, but another timer and
/// loop, so neither row may stand in for the other.
/// </remarks>
public static class NativeAotHarness
{
    public const string Source = "aot-harness";

    /// <summary>results.json's strategy of the empty call with two strings timed by each build.</summary>
    public const string CrossingKind = "noop-strings";

    public const string StartupBenchmark = "startup";

    /// <summary>results.json's strategy of the start-up rows: from starting the process to its exit after the first result.</summary>
    public const string FirstResult = "first-result";

    /// <summary>The builds, as results.json's <c>runtime</c> parameter names them.</summary>
    public const string Jit = "jit";
    public const string Aot = "aot";
    public const string AotDirect = "aot-direct";

    public static readonly IReadOnlyList<string> Runtimes = [Jit, Aot, AotDirect];

    /// <summary>The pairs the crossing runs over: those of the crossing benchmark's shortest ASCII column.</summary>
    public const TextKind CrossingText = TextKind.Ascii;
    public const int CrossingLength = 8;

    /// <summary>What <c>first-result</c> prints: <c>distance("kitten", "sitting")</c>.</summary>
    private const string ExpectedFirstResult = "3";

    /// <summary>
    /// Samples of the crossing as the native Rust harness takes them (15 of 40 ms; quick: 5 of 10 ms), split over
    /// rounds of one process per build, the builds alternating, so that one process's luck (its code's alignment, a
    /// burst of other work) is one part of the interval instead of all of it.
    /// </summary>
    private static (int Rounds, int Samples, int SampleMs, int WarmUpMs) Crossing(Mode mode) =>
        mode == Mode.Quick ? (1, 5, 10, 250) : (3, 5, 40, 500);

    /// <summary>Start-up runs per build, after one untimed run of each.</summary>
    private static int StartupRuns(Mode mode) => mode == Mode.Quick ? 10 : 40;

    /// <summary>
    /// Runs what <paramref name="selection"/> keeps with the builds at <paramref name="builds"/> (runtime → the JIT
    /// build's .dll or a NativeAOT executable). A build that could not be made (<paramref name="buildFailures"/>:
    /// runtime → why), is missing, or fails becomes a note naming its row; <paramref name="failures"/> counts them.
    /// </summary>
    public static ResultFile Measure(
        IReadOnlyDictionary<string, string> builds, IReadOnlyDictionary<string, string> buildFailures, string inputs, Selection selection, Mode mode,
        Action<string> progress, out int failures)
    {
        var results = new List<BenchResult>();
        var notes = new List<string>();
        if (selection.Includes("crossing", "rust", CrossingKind))
        {
            var (rounds, samples, sampleMs, warmUpMs) = Crossing(mode);
            var pairs = InputSet.PairsPath(inputs, CrossingText, CrossingLength);
            var perCall = Runtimes.ToDictionary(r => r, _ => new List<double>());
            var failed = new HashSet<string>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var runtime in Runtimes.Where(r => !failed.Contains(r)))
                {
                    progress($"crossing/rust/{CrossingKind} {runtime}{(rounds > 1 ? $", round {round + 1}/{rounds}" : "")}");
                    var run = Run(builds, buildFailures, runtime, ["crossing", pairs, Number(samples), Number(sampleMs), Number(warmUpMs)]);
                    var words = run.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var expected = runtime == Jit ? "jit" : "aot";
                    if (run.Failure is null && (words.Length != samples + 1 || words[0] != expected))
                    {
                        run = run with { Failure = $"printed \"{run.Output.Trim()}\" instead of \"{expected}\" and {samples} times" };
                    }

                    if (run.Failure is { } failure)
                    {
                        notes.Add($"{Row("crossing", CrossingKind, runtime)}: not measured: {failure}.");
                        failed.Add(runtime);
                        continue;
                    }

                    perCall[runtime].AddRange(words.Skip(1).Select(w => double.Parse(w, CultureInfo.InvariantCulture)));
                }
            }

            foreach (var runtime in Runtimes.Where(r => !failed.Contains(r)))
            {
                var parameters = new JsonObject { ["length"] = CrossingLength, ["text"] = CrossingText.ToName(), ["runtime"] = runtime };
                results.Add(Spread("crossing", CrossingKind, parameters, perCall[runtime]));
            }
        }

        if (selection.Includes(StartupBenchmark, "rust", FirstResult))
        {
            results.AddRange(Startup(builds, buildFailures, StartupRuns(mode), progress, notes));
        }

        failures = notes.Count;
        return new ResultFile(Source, new JsonObject { ["mode"] = mode.ToString().ToLowerInvariant() }, results, notes);
    }

    /// <summary>
    /// The JIT build against NativeAOT with the static library, spawned alternately by one timer: from just before
    /// the process is created to just after it has exited and its output has been read.
    /// </summary>
    private static IEnumerable<BenchResult> Startup(IReadOnlyDictionary<string, string> builds, IReadOnlyDictionary<string, string> buildFailures, int runs, Action<string> progress, List<string> notes)
    {
        string[] runtimes = [Jit, AotDirect];
        var times = runtimes.ToDictionary(r => r, _ => new List<double>());
        var failed = new HashSet<string>();
        progress($"{StartupBenchmark}/rust/{FirstResult} {string.Join(" and ", runtimes)}, alternately, {runs} runs each after one untimed");
        for (var i = -1; i < runs; i++)
        {
            foreach (var runtime in runtimes.Where(r => !failed.Contains(r)))
            {
                var run = Run(builds, buildFailures, runtime, ["first-result"]);
                if (run.Failure is null && run.Output.Trim() != ExpectedFirstResult)
                {
                    run = run with { Failure = $"printed \"{run.Output.Trim()}\" instead of {ExpectedFirstResult}" };
                }

                if (run.Failure is { } failure)
                {
                    notes.Add($"{Row(StartupBenchmark, FirstResult, runtime)}: not measured: {failure}.");
                    failed.Add(runtime);
                }
                else if (i >= 0)
                {
                    times[runtime].Add(run.Elapsed.TotalNanoseconds);
                }
            }
        }

        return runtimes.Where(r => !failed.Contains(r))
            .Select(r => Spread(StartupBenchmark, FirstResult, new JsonObject { ["runtime"] = r }, times[r]));
    }

    /// <summary>The median of <paramref name="values"/>, with the fastest and slowest as the noise interval, as the native harnesses report.</summary>
    private static BenchResult Spread(string benchmark, string strategy, JsonObject parameters, List<double> values)
    {
        var sorted = values.Order().ToList();
        return new BenchResult(benchmark, "rust", strategy, parameters, sorted[sorted.Count / 2], null, Source)
        {
            Caller = Callers.Dotnet,
            CiLowerNs = sorted[0],
            CiUpperNs = sorted[^1],
            Iterations = sorted.Count,
        };
    }

    private static string Row(string benchmark, string strategy, string runtime) => $"{benchmark}/rust/{strategy} ({runtime}, NativeAOT harness)";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record ChildRun(string Output, TimeSpan Elapsed, string? Failure);

    /// <summary>Runs one build with <paramref name="arguments"/>: the JIT build through the <c>dotnet</c> host, a NativeAOT build as it is.</summary>
    private static ChildRun Run(IReadOnlyDictionary<string, string> builds, IReadOnlyDictionary<string, string> buildFailures, string runtime, IReadOnlyList<string> arguments)
    {
        if (buildFailures.TryGetValue(runtime, out var why))
        {
            return new ChildRun("", TimeSpan.Zero, $"its {(runtime == Jit ? "build" : "NativeAOT publish")} failed ({why})");
        }

        if (!builds.TryGetValue(runtime, out var build) || !File.Exists(build))
        {
            return new ChildRun("", TimeSpan.Zero, $"no build at {build ?? "(none given)"}: its build or publish failed (the Bench target's output says why)");
        }

        var start = runtime == Jit ? new ProcessStartInfo(DotnetHost.Value) { ArgumentList = { build } } : new ProcessStartInfo(build);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var elapsed = clock.Elapsed;
        var errorText = error.Result.Trim();
        return process.ExitCode == 0
            ? new ChildRun(output, elapsed, null)
            : new ChildRun(output, elapsed, $"exit code {process.ExitCode}{(errorText.Length > 0 ? $": {errorText.Split('\n')[0].Trim()}" : "")}");
    }

    /// <summary>
    /// The <c>dotnet</c> host found once on PATH, so that no start-up run pays the search; <c>dotnet app.dll</c> is how
    /// a framework-dependent app starts.
    /// </summary>
    private static readonly Lazy<string> DotnetHost = new(() =>
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists) ?? name;
    });
}
