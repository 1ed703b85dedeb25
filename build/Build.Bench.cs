using System.Diagnostics;
using Nuke.Common;
using Nuke.Common.IO;

partial class Build
{
    [Parameter("Bench: few iterations (CI), same outputs; about 2.5 minutes instead of about 13 on 2 cores.")]
    readonly bool Quick;

    [Parameter("Bench: comma-separated terms; a benchmark runs when one occurs in its name scenario/implementation/strategy, e.g. distance, nearest/rust, rust-ctypes, remote, codec, crossing/rust/native-dp, long; the native harnesses apply it to their own rows.")]
    readonly string? Filter;

    [Parameter("Bench: after a full default-mode run, rewrite the results section of README.md and copy the charts to bench/results/ (refused with --quick or --filter).")]
    readonly bool Publish;

    AbsolutePath BenchDirectory => RootDirectory / "bench";
    AbsolutePath BenchProject => BenchDirectory / "EditDistance.Bench" / "EditDistance.Bench.csproj";
    AbsolutePath BenchOutput => ArtifactsDirectory / "bench";
    AbsolutePath BenchInputs => BenchOutput / "inputs";
    AbsolutePath BenchRaw => BenchOutput / "raw";

    static readonly string[] BenchScenarios = ["distance", "bounded", "nearest", "crossing", "codec", "long"];

    /// <summary>The Rust library with the `bench` feature (CompileRustBench), which the native Python harness loads through ctypes.</summary>
    AbsolutePath RustBenchLibrary => RustBenchTargetDirectory / "release" / SharedLibraryFileName;

    /// <summary>The server CompileRust builds, which the Python and C# clients spawn.</summary>
    AbsolutePath RustServerBinary => RustDirectory / "target" / "release" / (OperatingSystem.IsWindows() ? "edit-distance-server.exe" : "edit-distance-server");

    /// <summary>The wire formats of the out-of-process rows: results.json's implementation is <c>rust-remote-{wire}</c>.</summary>
    static readonly string[] BenchRemoteWires = ["binary", "binary-utf8", "json"];

    /// <summary>The implementations and strategies whose peak memory the long scenario measures, one child process each.</summary>
    static readonly (string Implementation, string Strategy)[] BenchPeakMemory =
        [("csharp", "dp"), ("csharp", "bitparallel"), ("rust", "dp"), ("rust", "bitparallel"), ("python", "dp"), ("python", "bitparallel")];

    /// <summary>The program built three ways to measure what NativeAOT changes (bench/README.md, "NativeAOT").</summary>
    AbsolutePath NativeAotProject => BenchDirectory / "EditDistance.NativeAot" / "EditDistance.NativeAot.csproj";

    /// <summary>
    /// The NativeAOT harness's rows, named as the bench app names them (bench/EditDistance.Bench/Running/NativeAotHarness.cs),
    /// each with the builds it runs: the crossing in all three, the start-up in the JIT build and the static one.
    /// </summary>
    static readonly (string Scenario, string Strategy, string[] Runtimes)[] BenchNativeAotRows =
        [("crossing", "noop-strings", ["jit", "aot", "aot-direct"]), ("startup", "first-result", ["jit", "aot-direct"])];

    /// <summary>
    /// Build, the NativeAOT harness's three builds, inputs, native Rust, native Python, BenchmarkDotNet per scenario,
    /// peak memory of the long scenario, the NativeAOT harness's measurements, Rust heap allocations, report: every
    /// phase prints "[n/15] what", and BenchmarkDotNet adds its own "Remained N" lines inside its phases.
    /// </summary>
    Target Bench => _ => _
        .Description("Runs the cross-language benchmarks; writes artifacts/bench/results.json, report.md and the charts (--quick, --filter, --publish).")
        .DependsOn(Compile, CompileRustBench)
        .Executes(async () =>
        {
            // Refused before anything runs: a quick or partial run must not become the README's headline.
            if (Publish && (Quick || !string.IsNullOrWhiteSpace(Filter)))
            {
                throw new BuildFailedException($"--publish needs a full default-mode run: drop {(Quick ? "--quick" : "--filter")} (the README's results must come from every benchmark at stable iteration counts).");
            }

            var total = Stopwatch.StartNew();
            var phases = 5 + BenchScenarios.Length + 4;
            var phase = 0;
            void Phase(string what) => Out.WriteLine($"[{++phase}/{phases}] {what} (at {total.Elapsed:mm\\:ss})");

            // Nothing of an earlier run (results, charts, logs) may leak into this one's report, whatever the filter.
            BenchOutput.DeleteDirectory();
            BenchRaw.CreateDirectory();

            // BenchmarkDotNet refuses non-optimized builds, so the bench app is always Release, whatever --configuration
            // says. Compile already built it with the solution; in Release this is an up-to-date check, except for the
            // Rust library, which the app copies on every build from CompileRustBench's rust/target/bench: the one with
            // the benchmark-only exports, where the tests and EditDistance.Rust keep the shipped rust/target/release one.
            var failed = new List<string>();
            Phase("build the benchmark app (Release, with the Rust library built with the bench feature)");
            await RunProcessAsync("dotnet", ["build", BenchProject, "-c", "Release", "--nologo", "-v", "quiet"]);
            var app = BenchProject.Parent! / "bin" / "Release" / "net10.0" / "EditDistance.Bench.dll";
            string[] mode = Quick ? ["--quick"] : [];
            string[] filter = string.IsNullOrWhiteSpace(Filter) ? [] : ["--filter", Filter];

            // One program, three builds: JIT (`dotnet EditDistance.NativeAot.dll`, the solution's build), NativeAOT with
            // the shared library next to the executable, and NativeAOT with the static library linked in by
            // EditDistance.Rust's buildTransitive targets. Published before anything is timed: a NativeAOT publish keeps
            // both cores busy for up to half a minute. Only the builds the selected rows run are made.
            Phase("NativeAOT harness: the JIT build, and two NativeAOT publishes (shared library; static library linked in)");
            var nativeAotRuntimes = BenchNativeAotRows.Where(r => BenchSelected(r.Scenario, "rust", r.Strategy))
                .SelectMany(r => r.Runtimes).Distinct().ToList();
            var exe = OperatingSystem.IsWindows() ? ".exe" : "";
            var nativeAotBuilds = new Dictionary<string, AbsolutePath>
            {
                ["jit"] = NativeAotProject.Parent! / "bin" / "Release" / "net10.0" / "EditDistance.NativeAot.dll",
                ["aot"] = BenchOutput / "native-aot" / "aot" / $"EditDistance.NativeAot{exe}",
                ["aot-direct"] = BenchOutput / "native-aot" / "aot-direct" / $"EditDistance.NativeAot{exe}",
            };
            // Why a build failed, for the report's notes: MSBuild's first error line, else the exit code.
            var nativeAotFailures = new Dictionary<string, string>();
            if (nativeAotRuntimes.Count == 0)
            {
                Out.WriteLine("      not selected by --filter");
            }

            foreach (var (index, runtime) in nativeAotRuntimes.Index())
            {
                var clock = Stopwatch.StartNew();
                string[] build = runtime switch
                {
                    "jit" => ["build", NativeAotProject, "-c", "Release"],
                    _ => ["publish", NativeAotProject, "-c", "Release", "-r", HostRuntimeIdentifier, "-p:PublishAot=true",
                        .. runtime == "aot-direct" ? new[] { "-p:EditDistanceLinkStatically=true" } : [],
                        "-o", nativeAotBuilds[runtime].Parent!],
                };
                var result = await RunProcessAsync("dotnet", [.. build, "--nologo", "-v", "quiet"], validateExitCode: false);
                Out.WriteLine($"      [{index + 1}/{nativeAotRuntimes.Count}] {runtime}: {(result.ExitCode == 0 ? "built" : $"failed (exit code {result.ExitCode})")} in {clock.Elapsed.TotalSeconds:0} s");
                if (result.ExitCode != 0)
                {
                    failed.Add($"NativeAOT harness, {runtime} build (exit code {result.ExitCode})");
                    nativeAotFailures[runtime] = result.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal))
                        ?? $"exit code {result.ExitCode}";
                }
            }

            Phase("write the inputs every benchmark and harness reads");
            await RunProcessAsync("dotnet", [app, "inputs", "--out", BenchInputs]);

            // Both harnesses apply --filter to their own rows, by the same rule (bench/README.md, "Filter").
            Phase("native Rust harness (bench/native-rust)");
            if (new[] { "native-dp", "native-bitparallel", "native-str-dp", "native-str-bitparallel" }.Any(s => BenchSelected("crossing", "rust", s))
                || BenchRemoteWires.Any(wire => BenchSelected("codec", $"rust-remote-{wire}", "server")))
            {
                await RunProcessAsync("cargo", [
                    "run", "--release", "--quiet", "--manifest-path", BenchDirectory / "native-rust" / "Cargo.toml", "--",
                    "--inputs", BenchInputs, "--out", BenchRaw / "native-rust.json", .. mode, .. filter]);
            }
            else
            {
                Out.WriteLine("      not selected by --filter");
            }

            // Python calling Rust: through ctypes, the library with the benchmark-only exports (the hand-over choices,
            // the empty calls), and out of process, the server CompileRust built, which the harness starts and stops.
            Phase($"native Python harness (bench/native-python, {Python})");
            Environment.SetEnvironmentVariable("EDIT_DISTANCE_LIBRARY", RustBenchLibrary);
            Environment.SetEnvironmentVariable("EDIT_DISTANCE_SERVER", RustServerBinary);
            var python = await RunProcessAsync(Python, [
                BenchDirectory / "native-python" / "bench.py", "--inputs", BenchInputs, "--out", BenchRaw / "native-python.json", .. mode, .. filter],
                validateExitCode: false);
            if (python.ExitCode != 0)
            {
                failed.Add($"native Python harness (exit code {python.ExitCode})");
            }

            // One process per scenario: a crash (a native fault in P/Invoke or in Python) costs one scenario, not the
            // run, and the report is still written from what finished; the target fails at the end.
            foreach (var scenario in BenchScenarios)
            {
                Phase($"BenchmarkDotNet: {scenario}");
                var result = await RunProcessAsync("dotnet", [
                    app, "run", "--scenario", scenario, "--inputs", BenchInputs, "--out", BenchRaw / $"benchmarkdotnet-{scenario}.json",
                    "--artifacts", BenchOutput / "benchmarkdotnet", .. mode, .. filter], validateExitCode: false);
                if (result.ExitCode != 0)
                {
                    failed.Add($"BenchmarkDotNet {scenario} (exit code {result.ExitCode})");
                }
            }

            // The peak memory of one long-scenario call per implementation × strategy, each in a fresh process so that
            // nothing an earlier measurement left on a heap hides this one's growth; one after another, and after
            // BenchmarkDotNet, so that no measurement runs beside another (bench/README.md, "long"). Off Linux each
            // child writes why nothing was measured, and the report says so.
            Phase("peak memory: one long-scenario call per process");
            var peaks = BenchPeakMemory.Where(p => BenchSelected("long", p.Implementation, p.Strategy)).ToList();
            if (peaks.Count == 0)
            {
                Out.WriteLine("      not selected by --filter");
            }

            foreach (var (index, (implementation, strategy)) in peaks.Index())
            {
                Out.WriteLine($"      [{index + 1}/{peaks.Count}] long/{implementation}/{strategy}");
                var result = await RunProcessAsync("dotnet", [
                    app, "peak", "--implementation", implementation, "--strategy", strategy, "--inputs", BenchInputs,
                    "--out", BenchRaw / $"peak-memory-{implementation}-{strategy}.json"], validateExitCode: false);
                if (result.ExitCode != 0)
                {
                    failed.Add($"peak memory of long/{implementation}/{strategy} (exit code {result.ExitCode})");
                }
            }

            // Each build's own loop times the empty call; the bench app spawns the JIT and the static build alternately
            // for the start-up. A build that failed above becomes a note in the report, naming its rows.
            Phase("NativeAOT harness: the empty call per build; start-up to first result, JIT against NativeAOT");
            if (nativeAotRuntimes.Count == 0)
            {
                Out.WriteLine("      not selected by --filter");
            }
            else
            {
                var aot = await RunProcessAsync("dotnet", [
                    app, "aot", "--inputs", BenchInputs, "--out", BenchRaw / "aot-harness.json",
                    .. nativeAotBuilds.SelectMany(b => new string[] { $"--{b.Key}", b.Value }),
                    .. nativeAotFailures.SelectMany(f => new[] { $"--{f.Key}-failure", f.Value }), .. mode, .. filter], validateExitCode: false);
                if (aot.ExitCode != 0)
                {
                    failed.Add($"NativeAOT harness (exit code {aot.ExitCode})");
                }
            }

            // After every timing: the counting allocator slows allocation down, and this pass calls Rust in-process.
            Phase("Rust heap: allocations per call (bench feature's counting allocator)");
            var heap = await RunProcessAsync("dotnet", [
                app, "allocations", "--inputs", BenchInputs, "--out", BenchRaw / "native-allocations.json", .. filter], validateExitCode: false);
            if (heap.ExitCode != 0)
            {
                failed.Add($"Rust heap allocations (exit code {heap.ExitCode})");
            }

            // A failed scenario leaves the run partial: publish only a complete one.
            string[] publish = Publish && failed.Count == 0
                ? ["--readme", RootDirectory / "README.md", "--charts", BenchDirectory / "results"]
                : [];
            Phase(publish.Length > 0 ? "merge into results.json, report.md and the charts; rewrite README.md's results" : "merge into results.json, report.md and the charts");
            await RunProcessAsync("dotnet", [app, "report", "--dir", BenchOutput, .. mode, .. publish]);
            Out.WriteLine($"Bench finished in {total.Elapsed:mm\\:ss} ({(Quick ? "quick" : "default")} mode): {RootDirectory.GetRelativePathTo(BenchOutput / "report.md")}");
            if (failed.Count > 0)
            {
                throw new BuildFailedException($"Failed: {string.Join(", ", failed)}; the report covers the rest (see its last section and artifacts/bench/benchmarkdotnet/).");
            }
        });

    /// <summary>The same rule as the bench app's <c>--filter</c> (bench/EditDistance.Bench/Running/Selection.cs).</summary>
    bool BenchSelected(string scenario, string implementation, string strategy) =>
        string.IsNullOrWhiteSpace(Filter)
        || Filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(term => $"{scenario}/{implementation}/{strategy}".Contains(term, StringComparison.OrdinalIgnoreCase));
}
