using System.Text.Json;
using Nuke.Common;
using Nuke.Common.IO;
using Spectre.Console;

partial class Build
{
    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";

    /// <summary>One suite's outcome: its counts, or why there are none to trust.</summary>
    sealed record SuiteResult(string Name, TestCounts Counts, string? Problem);

    Target Test => _ => _
        .Description("Runs the Rust (also under valgrind when on PATH), Python and .NET suites (all of them, even after one fails), the latter two installing the packages Pack wrote as users would, and prints their counts.")
        .DependsOn(Compile, Pack)
        .Executes(async () =>
        {
            // The Python suite's wheel test and EditDistance.Packages.Tests install what Pack just wrote.
            Environment.SetEnvironmentVariable("EDIT_DISTANCE_PACKAGES", PackagesDirectory);
            SuiteResult[] suites = [await TestRust(), await TestRustUnderValgrind(), await TestPython(), await TestDotnet()];

            foreach (var suite in suites.Where(s => s.Problem is not null))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{suite.Name}: {suite.Problem}[/]");
            }

            // CI reads these lines: plain text straight to the output, no markup, colour or table border.
            Out.WriteLine();
            foreach (var suite in suites)
            {
                Out.WriteLine($"{suite.Name}: {suite.Counts}");
            }

            Out.WriteLine($"total: {suites.Aggregate(new TestCounts(), (sum, s) => sum + s.Counts)}");

            var problems = suites.Where(s => s.Problem is not null || s.Counts.Failed > 0).ToList();
            if (problems.Count > 0)
            {
                throw new BuildFailedException(
                    $"Failing suites: {string.Join(", ", problems.Select(s => s.Problem is null ? $"{s.Name} ({s.Counts.Failed} failed)" : $"{s.Name} (see above)"))}.");
            }
        });

    // --no-fail-fast: without it cargo stops at the first failing test binary and the later ones go uncounted.
    async Task<SuiteResult> TestRust()
    {
        var shipped = await RunSuite("rust", "cargo", ["test", "--release", "--no-fail-fast"], RustDirectory, TestReports.ParseCargo);
        // The `bench` feature's exports and allocation counter (tests/bench.rs), counted in the same suite. A debug build,
        // a few seconds, where --release would be a second fat-LTO build of the crate; and not in rust/target/release,
        // which keeps only the shipped library, the one the .NET tests load.
        var bench = await RunSuite(
            "rust", "cargo", ["test", "-p", "edit_distance", "--features", "bench", "--test", "bench"], RustDirectory, TestReports.ParseCargo);
        return new SuiteResult("rust", shipped.Counts + bench.Counts, shipped.Problem ?? bench.Problem);
    }

    Task<SuiteResult> TestPython() =>
        RunSuite("python", Python, ["-m", "unittest", "discover", "-s", "python/tests", "-t", "python"], RootDirectory, TestReports.ParseUnittest);

    async Task<SuiteResult> TestDotnet()
    {
        // Only this run's reports may be counted: earlier runs' .trx files would add their tests again.
        TestResultsDirectory.DeleteDirectory();
        return await RunSuite(
            "dotnet",
            "dotnet",
            ["test", Solution, "--no-build", "-c", Configuration.ToString(), "--logger", "trx", "--results-directory", TestResultsDirectory],
            RootDirectory,
            _ => TestReports.ParseTrx(TestResultsDirectory.DirectoryExists()
                ? TestResultsDirectory.GetFiles("*.trx", depth: int.MaxValue).Select(path => File.ReadAllText(path))
                : []));
    }

    /// <summary>Runs one suite without letting its failure stop the others, and reads its counts.</summary>
    async Task<SuiteResult> RunSuite(string name, string tool, string[] arguments, AbsolutePath workingDirectory, Func<string, TestCounts?> parse)
    {
        try
        {
            return ReadSuite(name, await RunProcessAsync(tool, arguments, workingDirectory, validateExitCode: false), parse);
        }
        catch (BuildFailedException exception)
        {
            return new SuiteResult(name, new TestCounts(), exception.Message);
        }
    }

    /// <summary>A suite's counts from its runner's output, or why they cannot be trusted.</summary>
    static SuiteResult ReadSuite(string name, ProcessResult result, Func<string, TestCounts?> parse)
    {
        var counts = parse(result.Output);
        if (counts is null)
        {
            return new SuiteResult(name, new TestCounts(), $"could not run: '{result.CommandLine}' exited with code {result.ExitCode} before reporting any result.");
        }

        // A runner that exits non-zero while reporting no failure broke down part-way (a crash, a build error in
        // one test binary); its counts are incomplete.
        var problem = result.ExitCode != 0 && counts.Value.Failed == 0
            ? $"'{result.CommandLine}' exited with code {result.ExitCode} without reporting a failing test; its counts may be incomplete."
            : null;
        return new SuiteResult(name, counts.Value, problem);
    }

    // valgrind's exit code when it found an error; the test binary exits with 101 when a test fails.
    const int ValgrindErrorExitCode = 99;

    // Memcheck: any invalid read or write is an error, and so is a block no pointer reaches any more. "Possibly lost"
    // blocks are not reported: the test harness's own threads leave some behind at exit.
    static readonly string[] Memcheck =
        ["--quiet", "--leak-check=full", "--show-leak-kinds=definite", "--errors-for-leak-kinds=definite", $"--error-exitcode={ValgrindErrorExitCode}"];

    /// <summary>
    /// The C ABI tests (rust/edit_distance/tests/ffi.rs, the exports driven as a foreign caller drives them) under
    /// valgrind. One run covers them all (about a second); only when it reports errors does each test run alone, to
    /// count and name the ones that cause them.
    /// </summary>
    async Task<SuiteResult> TestRustUnderValgrind()
    {
        const string name = "rust-valgrind";
        string executable;
        IReadOnlyList<string> tests;
        try
        {
            executable = await RustTestExecutable("ffi");
            tests = await ListRustTests(executable);
        }
        catch (BuildFailedException exception)
        {
            return new SuiteResult(name, new TestCounts(), exception.Message);
        }

        if (!IsOnPath("valgrind"))
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]{name}: skipped, valgrind is not on PATH: the C ABI tests were not checked for invalid memory accesses and leaks (on Debian: sudo apt-get install valgrind).[/]");
            return new SuiteResult(name, new TestCounts(0, 0, tests.Count), null);
        }

        var all = await RunProcessAsync("valgrind", [.. Memcheck, executable], RustDirectory, validateExitCode: false);
        if (all.ExitCode != ValgrindErrorExitCode)
        {
            return ReadSuite(name, all, TestReports.ParseCargo);
        }

        Out.WriteLine($"{name}: valgrind reported errors; each test runs alone to find which.");
        var counts = new TestCounts();
        var culprits = new List<string>();
        foreach (var test in tests)
        {
            var one = await RunProcessAsync("valgrind", [.. Memcheck, executable, "--exact", test], RustDirectory, validateExitCode: false);
            if (one.ExitCode == 0 && TestReports.ParseCargo(one.Output) is { } passed)
            {
                counts += passed;
                continue;
            }

            counts += new TestCounts(0, 1, 0);
            if (one.ExitCode == ValgrindErrorExitCode)
            {
                culprits.Add(test);
            }
        }

        AnsiConsole.MarkupLineInterpolated($"[red]{name}: valgrind errors in {(culprits.Count == 0 ? "no test run alone" : string.Join(", ", culprits))}; its report is above.[/]");
        return new SuiteResult(name, counts, culprits.Count == 0 ? "valgrind reported errors for the whole run but for no test alone; see its report above." : null);
    }

    /// <summary>The path of a Rust integration test binary, from cargo's own build messages (the file name carries a hash).</summary>
    async Task<string> RustTestExecutable(string testTarget)
    {
        var build = await RunProcessAsync(
            "cargo",
            ["test", "--release", "--no-run", "--message-format=json"],
            RustDirectory,
            // The JSON messages are read below, not shown; cargo's own progress lines still are.
            logger: line =>
            {
                if (!line.StartsWith('{'))
                {
                    Out.WriteLine(line);
                }
            });
        foreach (var line in build.Output.Split('\n', StringSplitOptions.TrimEntries).Where(line => line.StartsWith('{')))
        {
            using var document = JsonDocument.Parse(line);
            var message = document.RootElement;
            if (message.GetProperty("reason").GetString() == "compiler-artifact"
                && message.GetProperty("target").GetProperty("name").GetString() == testTarget
                && message.GetProperty("target").GetProperty("kind").EnumerateArray().Any(kind => kind.GetString() == "test")
                && message.GetProperty("executable").GetString() is { } executable)
            {
                return executable;
            }
        }

        throw new BuildFailedException($"cargo test --no-run reported no executable for the integration test '{testTarget}'.");
    }

    /// <summary>The names of the tests in a Rust test binary, from libtest's <c>--list</c>.</summary>
    async Task<IReadOnlyList<string>> ListRustTests(string executable)
    {
        var list = await RunProcessAsync(executable, ["--list", "--format=terse"], RustDirectory, logger: _ => { });
        const string suffix = ": test";
        return list.Output.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.EndsWith(suffix, StringComparison.Ordinal))
            .Select(line => line[..^suffix.Length])
            .ToList();
    }
}
