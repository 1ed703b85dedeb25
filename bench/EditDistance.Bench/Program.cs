using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using EditDistance.Bench.Inputs;
using EditDistance.Bench.Report;
using EditDistance.Bench.Results;
using EditDistance.Bench.Running;
using EditDistance.Python;

namespace EditDistance.Bench;

/// <summary>
/// Six commands, in the order the Bench target runs them (see bench/README.md):
/// <c>inputs</c> writes the shared input files, <c>run</c> runs BenchmarkDotNet for a scenario and writes its raw
/// results, <c>peak</c> measures the peak memory of one call of the long scenario (one process per implementation ×
/// strategy), <c>aot</c> measures what NativeAOT changes with the three builds of bench/EditDistance.NativeAot,
/// <c>allocations</c> counts what the Rust benchmarks allocate on Rust's heap, <c>report</c> merges every raw result
/// file (BenchmarkDotNet's, the native harnesses', the NativeAOT harness's, the peak and allocation measurements) into
/// results.json, report.md and the charts.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Cross-language edit-distance benchmarks: Rust via P/Invoke, C#, Python via pythonnet.");
        root.Subcommands.Add(InputsCommand());
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(PeakCommand());
        root.Subcommands.Add(AllocationsCommand());
        root.Subcommands.Add(AotCommand());
        root.Subcommands.Add(ReportCommand());
        return root.Parse(args).Invoke();
    }

    private static Option<string> PathOption(string name, string description, string fallback) =>
        new(name) { Description = description, DefaultValueFactory = _ => fallback };

    private static Option<bool> QuickOption() => new("--quick") { Description = "Few iterations (CI): same outputs, ~4× faster." };

    private static Command InputsCommand()
    {
        var output = PathOption("--out", "Directory for the input files.", Path.Combine("artifacts", "bench", "inputs"));
        var command = new Command("inputs", "Writes the corpus, queries and distance pairs every benchmark and harness reads.") { output };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(output)!;
            InputSet.Write(directory, new Generator());
            Console.WriteLine($"Inputs written to {directory} (seed {Generator.DefaultSeed}).");
        });
        return command;
    }

    private static Command RunCommand()
    {
        var inputs = PathOption("--inputs", "Directory of the input files (written first when missing).", Path.Combine("artifacts", "bench", "inputs"));
        var output = PathOption("--out", "Raw results file to write.", Path.Combine("artifacts", "bench", "raw", "benchmarkdotnet.json"));
        var artifacts = PathOption("--artifacts", "BenchmarkDotNet's own logs and Markdown tables.", Path.Combine("artifacts", "bench", "benchmarkdotnet"));
        var scenario = new Option<string?>("--scenario") { Description = "Only this scenario: distance, bounded, nearest, crossing, codec or long." };
        var filter = new Option<string?>("--filter") { Description = "Comma-separated terms matched against scenario/implementation/strategy." };
        var quick = QuickOption();
        var command = new Command("run", "Runs BenchmarkDotNet in-process and writes its results.") { inputs, output, artifacts, scenario, filter, quick };
        command.SetAction(parse =>
        {
            var inputDirectory = parse.GetValue(inputs)!;
            if (!InputSet.Exists(inputDirectory))
            {
                InputSet.Write(inputDirectory, new Generator());
            }

            InputSet.Directory = inputDirectory;
            var mode = parse.GetValue(quick) ? Mode.Quick : Mode.Default;
            // Python is shut down by EditDistance.Python's process-exit handler, after BenchmarkDotNet has finished.
            var competition = new OtherCpuSampler();
            var file = BdnRunner.Run(out var failures, parse.GetValue(scenario), new Selection(parse.GetValue(filter)), mode, Path.GetFullPath(parse.GetValue(artifacts)!), DotnetEnvironment(mode));
            file.Environment["other_cpu_share"] = competition.Share();
            Json.Write(parse.GetValue(output)!, file);
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command PeakCommand()
    {
        var inputs = PathOption("--inputs", "Directory of the input files (written first when missing).", Path.Combine("artifacts", "bench", "inputs"));
        var output = PathOption("--out", "Raw results file to write.", Path.Combine("artifacts", "bench", "raw", "peak-memory.json"));
        var implementation = new Option<string>("--implementation") { Description = "rust, csharp or python.", Required = true };
        implementation.AcceptOnlyFromAmong([.. PeakMemory.Implementations]);
        var strategy = new Option<string>("--strategy") { Description = "dp or bitparallel.", Required = true };
        strategy.AcceptOnlyFromAmong([.. Enum.GetValues<Strategy>().Select(s => s.ToName())]);
        var command = new Command("peak", "Measures how far one bounded call on the long pair raises this process's peak resident memory (Linux; elsewhere writes why not).")
        {
            inputs, output, implementation, strategy,
        };
        command.SetAction(parse =>
        {
            var inputDirectory = parse.GetValue(inputs)!;
            if (!InputSet.Exists(inputDirectory))
            {
                InputSet.Write(inputDirectory, new Generator());
            }

            InputSet.Directory = inputDirectory;
            var name = $"long/{parse.GetValue(implementation)}/{parse.GetValue(strategy)}";
            if (PeakMemory.Unsupported() is { } reason)
            {
                Json.Write(parse.GetValue(output)!, new ResultFile(PeakMemory.Source, [], [], [reason]));
                Console.WriteLine(reason);
                return 0;
            }

            try
            {
                var file = PeakMemory.Measure(parse.GetValue(implementation)!, PeakMemory.ParseStrategy(parse.GetValue(strategy)!));
                Json.Write(parse.GetValue(output)!, file);
                var result = file.Results[0];
                Console.WriteLine($"{name}: peak memory +{Format.Mebibytes(result.PeakMemoryBytes)}, one call {Format.Time(result.MedianNs)}");
                return 0;
            }
            catch (Exception e)
            {
                // Written as a note, so that the report's last section says what failed and why.
                Json.Write(parse.GetValue(output)!, new ResultFile(PeakMemory.Source, [], [], [$"{name}: peak memory not measured: {e.Message}"]));
                Console.Error.WriteLine($"{name}: {e}");
                return 1;
            }
        });
        return command;
    }

    private static Command AllocationsCommand()
    {
        var inputs = PathOption("--inputs", "Directory of the input files (written first when missing).", Path.Combine("artifacts", "bench", "inputs"));
        var output = PathOption("--out", "Raw results file to write.", Path.Combine("artifacts", "bench", "raw", "native-allocations.json"));
        var filter = new Option<string?>("--filter") { Description = "Comma-separated terms matched against scenario/implementation/strategy." };
        var command = new Command("allocations", "Counts the bytes and allocations per operation of the Rust distance and nearest benchmarks on Rust's heap (the library built with --features bench).")
        {
            inputs, output, filter,
        };
        command.SetAction(parse =>
        {
            var inputDirectory = parse.GetValue(inputs)!;
            if (!InputSet.Exists(inputDirectory))
            {
                InputSet.Write(inputDirectory, new Generator());
            }

            InputSet.Directory = inputDirectory;
            var file = NativeAllocations.Measure(new Selection(parse.GetValue(filter)), line => Console.WriteLine($"      {line}"));
            Json.Write(parse.GetValue(output)!, file);
            Console.WriteLine($"Rust heap: {file.Allocations!.Count} measurements written to {parse.GetValue(output)}");
            return 0;
        });
        return command;
    }

    private static Command AotCommand()
    {
        var inputs = PathOption("--inputs", "Directory of the input files (written first when missing).", Path.Combine("artifacts", "bench", "inputs"));
        var output = PathOption("--out", "Raw results file to write.", Path.Combine("artifacts", "bench", "raw", $"{NativeAotHarness.Source}.json"));
        var builds = NativeAotHarness.Runtimes.ToDictionary(r => r, r => new Option<string?>($"--{r}")
        {
            Description = r == NativeAotHarness.Jit
                ? "The JIT build of bench/EditDistance.NativeAot: its EditDistance.NativeAot.dll, run through the dotnet host."
                : $"The NativeAOT executable of bench/EditDistance.NativeAot {(r == NativeAotHarness.Aot ? "with the shared library next to it" : "with the static library linked in")}.",
        });
        var buildFailures = NativeAotHarness.Runtimes.ToDictionary(r => r, r => new Option<string?>($"--{r}-failure")
        {
            Description = $"Why the {r} build failed, for the notes of the rows it would have measured.",
        });
        var filter = new Option<string?>("--filter") { Description = "Comma-separated terms matched against scenario/implementation/strategy." };
        var quick = QuickOption();
        var command = new Command("aot", "Measures what NativeAOT changes with the three builds of bench/EditDistance.NativeAot: the empty call with two strings per call, and the start-up to a first result.")
        {
            inputs, output, filter, quick,
        };
        foreach (var option in builds.Values.Concat(buildFailures.Values))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var inputDirectory = parse.GetValue(inputs)!;
            if (!InputSet.Exists(inputDirectory))
            {
                InputSet.Write(inputDirectory, new Generator());
            }

            var paths = builds.Where(b => parse.GetValue(b.Value) is { Length: > 0 })
                .ToDictionary(b => b.Key, b => Path.GetFullPath(parse.GetValue(b.Value)!));
            var failed = buildFailures.Where(f => parse.GetValue(f.Value) is { Length: > 0 })
                .ToDictionary(f => f.Key, f => parse.GetValue(f.Value)!);
            var file = NativeAotHarness.Measure(paths, failed, inputDirectory, new Selection(parse.GetValue(filter)),
                parse.GetValue(quick) ? Mode.Quick : Mode.Default, line => Console.WriteLine($"      {line}"), out var failures);
            Json.Write(parse.GetValue(output)!, file);
            foreach (var result in file.Results)
            {
                Console.WriteLine($"      {result.Benchmark}/{result.Implementation}/{result.Strategy} {result.Text("runtime")}: {Format.Time(result.MedianNs)} ({Format.Time(result.CiLowerNs!.Value)} – {Format.Time(result.CiUpperNs!.Value)})");
            }

            foreach (var note in file.Notes)
            {
                Console.Error.WriteLine($"      {note}");
            }

            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command ReportCommand()
    {
        var directory = PathOption("--dir", "The bench artifacts directory: reads raw/*.json, writes results.json, report.md and the PNGs.", Path.Combine("artifacts", "bench"));
        var quick = QuickOption();
        var readme = new Option<string?>("--readme") { Description = $"Also rewrite the results section of this README (between {ReadmeWriter.StartMarker} and {ReadmeWriter.EndMarker}); default-mode runs only." };
        var charts = PathOption("--charts", "With --readme: the directory the charts are copied to and linked from.", Path.Combine("bench", "results"));
        var command = new Command("report", "Merges the raw results and writes results.json, report.md and the charts.") { directory, quick, readme, charts };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(directory)!;
            var merged = Merger.Merge(Path.Combine(root, "raw"), parse.GetValue(quick) ? Mode.Quick : Mode.Default);
            Json.Write(Path.Combine(root, "results.json"), merged);
            var written = Charts.Write(merged, root);
            File.WriteAllText(Path.Combine(root, "report.md"), ReportWriter.Write(merged, written));
            Console.WriteLine($"{merged.Results.Count} results: {Path.Combine(root, "results.json")}, {Path.Combine(root, "report.md")}, {string.Join(", ", written)}");
            if (parse.GetValue(readme) is { Length: > 0 } readmePath)
            {
                try
                {
                    ReadmeWriter.Publish(merged, root, readmePath, parse.GetValue(charts)!);
                }
                catch (InvalidOperationException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return 1;
                }

                Console.WriteLine($"Results section of {readmePath} rewritten; charts copied to {parse.GetValue(charts)}.");
            }

            return 0;
        });
        return command;
    }

    private static JsonObject DotnetEnvironment(Mode mode) => new()
    {
        ["os"] = RuntimeInformation.OSDescription,
        ["cpu"] = CpuModel(),
        ["cores"] = Environment.ProcessorCount,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["python_host"] = PythonHost(),
        ["load_average"] = LoadAverage(),
        ["mode"] = mode.ToString().ToLowerInvariant(),
        ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The interpreter pythonnet hosts; a Python that cannot start is reported, and its benchmarks fail on their own.</summary>
    private static string PythonHost()
    {
        try
        {
            var python = PythonRuntime.Describe();
            return $"CPython {python.Version} ({python.Executable}, {python.LibraryPath})";
        }
        catch (PythonUnavailableException e)
        {
            return $"unavailable: {e.Message}";
        }
    }

    /// <summary>
    /// The 1-, 5- and 15-minute load averages when the run starts (Linux): on a 2-core machine, anything else
    /// running shifts every figure, and the report warns when it did.
    /// </summary>
    private static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    /// <summary>BenchmarkDotNet's own CPU detection (procfs, sysctl or WMI depending on the OS).</summary>
    private static string CpuModel() =>
        BenchmarkDotNet.Environments.HostEnvironmentInfo.GetCurrent().Cpu.Value.ProcessorName ?? "unknown";
}
