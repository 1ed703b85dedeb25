using BuildEngine;
using Spectre.Console;

partial class Build
{
    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";

    /// <summary>One suite's outcome: its counts, or why there are none to trust.</summary>
    sealed record SuiteResult(string Name, TestCounts Counts, string? Problem);

    Target Test => _ => _
        .Description("Runs the Rust, Python and .NET suites (all of them, even after one fails) and prints their counts.")
        .DependsOn(Compile)
        .Executes(async () =>
        {
            SuiteResult[] suites = [await TestRust(), await TestPython(), await TestDotnet()];

            foreach (var suite in suites.Where(s => s.Problem is not null))
            {
                Console.MarkupLineInterpolated($"[red]{suite.Name}: {suite.Problem}[/]");
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
    Task<SuiteResult> TestRust() =>
        RunSuite("rust", "cargo", ["test", "--release", "--no-fail-fast"], RustDirectory, TestReports.ParseCargo);

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
            _ => TestReports.ParseTrx(TestResultsDirectory.FindFiles("*.trx").Select(path => File.ReadAllText(path))));
    }

    /// <summary>Runs one suite without letting its failure stop the others, and reads its counts.</summary>
    async Task<SuiteResult> RunSuite(string name, string tool, string[] arguments, AbsolutePath workingDirectory, Func<string, TestCounts?> parse)
    {
        ProcessResult result;
        try
        {
            result = await RunProcessAsync(tool, arguments, workingDirectory, validateExitCode: false);
        }
        catch (BuildFailedException exception)
        {
            return new SuiteResult(name, new TestCounts(), exception.Message);
        }

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
}
