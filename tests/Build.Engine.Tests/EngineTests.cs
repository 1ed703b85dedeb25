using Nuke.Common.Execution;
using Nuke.Common.IO;
using Xunit;

namespace Build.Engine.Tests;

public sealed class EngineTests
{
    [Fact]
    public void Runs_dependencies_first_and_each_target_once()
    {
        var run = BuildRun.Of<DiamondBuild>(["Test"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "CompileRust", "CompileDotnet", "Test"], run.Build.Log);
        Assert.All(run.Build.ExecutionPlan, t => Assert.Equal(ExecutionStatus.Succeeded, t.Status));
    }

    [Fact]
    public void Runs_the_default_target_when_none_is_named()
    {
        var run = BuildRun.Of<DiamondBuild>([], defaultTargets: x => x.CompileRust);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "CompileRust"], run.Build.Log);
    }

    [Fact]
    public void Accepts_target_names_in_any_case_and_with_target_option()
    {
        var run = BuildRun.Of<DiamondBuild>(["--target", "compile-rust"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "CompileRust"], run.Build.Log);
    }

    [Fact]
    public void Skip_with_names_skips_only_those_targets()
    {
        var run = BuildRun.Of<DiamondBuild>(["Test", "--skip", "CompileRust"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "CompileDotnet", "Test"], run.Build.Log);
        Assert.Equal(ExecutionStatus.Skipped, run.StatusOf("CompileRust"));
    }

    [Fact]
    public void Skip_without_names_skips_every_dependency()
    {
        var run = BuildRun.Of<DiamondBuild>(["Test", "--skip"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Test"], run.Build.Log);
        Assert.Equal(ExecutionStatus.Skipped, run.StatusOf("Restore"));
        Assert.Equal(ExecutionStatus.Succeeded, run.StatusOf("Test"));
    }

    [Fact]
    public void Unknown_target_is_an_error_that_suggests_the_closest_name()
    {
        var run = BuildRun.Of<DiamondBuild>(["Tset"]);

        Assert.Equal(-1, run.ExitCode);
        Assert.Contains("Unknown target 'Tset'. Did you mean 'Test'?", run.Output);
        Assert.Empty(run.Build.Log);
    }

    [Fact]
    public void Unknown_skipped_target_is_an_error()
    {
        var run = BuildRun.Of<DiamondBuild>(["Test", "--skip", "Restroe"]);

        Assert.Equal(-1, run.ExitCode);
        Assert.Contains("Unknown target 'Restroe'. Did you mean 'Restore'?", run.Output);
    }

    [Fact]
    public void Unknown_parameter_is_an_error_that_suggests_the_closest_name()
    {
        var run = BuildRun.Of<DiamondBuild>(["Test", "--greting", "hi"]);

        Assert.Equal(-1, run.ExitCode);
        Assert.Contains("Unknown parameter '--greting'. Did you mean '--greeting'?", run.Output);
        Assert.Empty(run.Build.Log);
    }

    [Fact]
    public void Invalid_parameter_value_is_an_error_naming_the_parameter()
    {
        var run = BuildRun.Of<DiamondBuild>(["Test", "--count", "many"]);

        Assert.Equal(-1, run.ExitCode);
        Assert.Contains("--count: 'many' is not a valid Int32.", run.Output);
    }

    [Fact]
    public void Failing_target_fails_the_build_and_later_targets_do_not_run()
    {
        var run = BuildRun.Of<DiamondBuild>(["AfterBroken", "Test"]);

        Assert.Equal(-1, run.ExitCode);
        Assert.Equal(ExecutionStatus.Succeeded, run.StatusOf("Restore"));
        Assert.Equal(ExecutionStatus.Failed, run.StatusOf("Broken"));
        Assert.Equal(ExecutionStatus.NotRun, run.StatusOf("AfterBroken"));
        Assert.Equal(ExecutionStatus.NotRun, run.StatusOf("Test"));
        Assert.Equal(["Restore"], run.Build.Log);
        // The whole exception, with its type and stack trace, as Nuke prints it.
        Assert.Contains("Target Broken failed: System.InvalidOperationException: the broken target broke", run.Output);
        Assert.Contains(" at ", run.Output);
        Assert.Contains("NotRun", run.Output);
        Assert.Contains("Build failed", run.Output);
    }

    [Fact]
    public void Before_orders_targets_that_are_in_the_plan_without_adding_any()
    {
        var both = BuildRun.Of<DiamondBuild>(["CompileRust", "Clean"]);
        var alone = BuildRun.Of<DiamondBuild>(["CompileRust"]);

        Assert.Equal(["Clean", "Restore", "CompileRust"], both.Build.Log);
        Assert.Equal(["Restore", "CompileRust"], alone.Build.Log);
    }

    [Fact]
    public void Parameters_are_read_from_the_command_line()
    {
        var run = BuildRun.Of<DiamondBuild>(
            ["Restore", "--greeting", "hi there", "--count", "3", "--verbose", "--names", "a", "b", "--max-distance", "2"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hi there", run.Build.Greeting);
        Assert.Equal(3, run.Build.Count);
        Assert.True(run.Build.Verbose);
        Assert.Equal(["a", "b"], run.Build.Names);
        Assert.Equal(2, run.Build.MaxDistance);
    }

    [Fact]
    public void Parameters_are_read_from_the_environment_and_the_command_line_wins()
    {
        var environment = new Dictionary<string, string> { ["GREETING"] = "from env", ["Count"] = "5", ["MAX_DISTANCE"] = "4" };

        var fromEnvironment = BuildRun.Of<DiamondBuild>(["Restore"], environment);
        var fromBoth = BuildRun.Of<DiamondBuild>(["Restore", "--greeting", "from args"], environment);

        Assert.Equal("from env", fromEnvironment.Build.Greeting);
        Assert.Equal(5, fromEnvironment.Build.Count);
        Assert.Equal(4, fromEnvironment.Build.MaxDistance);
        Assert.Equal("from args", fromBoth.Build.Greeting);
    }

    [Fact]
    public void Parameters_keep_their_initializer_when_not_given()
    {
        var run = BuildRun.Of<DiamondBuild>(["Restore"]);

        Assert.Equal("hello", run.Build.Greeting);
        Assert.Equal(1, run.Build.Count);
    }

    [Fact]
    public void Help_lists_targets_dependencies_descriptions_and_parameters_with_values()
    {
        var run = BuildRun.Of<DiamondBuild>(["--help", "--greeting", "hey"], defaultTargets: x => x.Test);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Build.Log);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains(lines, l => l.Contains("Test (default)") && l.Contains("-> CompileRust, CompileDotnet") && l.Contains("Tests everything."));
        Assert.Contains(lines, l => l.Contains("Restore") && l.Contains("Restores things."));
        Assert.Contains(lines, l => l.Contains("--greeting") && l.Contains("Greeting to print. (current: hey)"));
        Assert.Contains(lines, l => l.Contains("--max-distance") && l.Contains("(current: <none>)"));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("--skip", StringComparison.Ordinal));
    }

    [Fact]
    public void Cycles_are_detected_and_named()
    {
        var run = BuildRun.Of<CycleBuild>(["First"]);

        Assert.Equal(-1, run.ExitCode);
        Assert.Matches(@"Circular dependency between targets: (\w+) -> \w+ -> \w+ -> \1\.", run.Output);
    }

    [Fact]
    public void Summary_lists_every_planned_target_with_its_status()
    {
        var run = BuildRun.Of<DiamondBuild>(["CompileRust", "--skip", "Restore"]);

        Assert.Matches(@"Restore\s+│\s+Skipped", run.Output);
        Assert.Matches(@"CompileRust\s+│\s+Succeeded", run.Output);
        Assert.Contains("Total", run.Output);
        Assert.Contains("Build succeeded", run.Output);
    }

    [Fact]
    public void Skipping_a_target_skips_the_dependencies_nothing_else_needs()
    {
        var run = BuildRun.Of<DiamondBuild>(["Test", "--skip", "CompileRust", "CompileDotnet"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Test"], run.Build.Log);
        Assert.Equal(ExecutionStatus.Skipped, run.StatusOf("Restore"));
    }

    [Fact]
    public void An_invoked_target_is_never_skipped()
    {
        var run = BuildRun.Of<DiamondBuild>(["CompileRust", "--skip", "CompileRust"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["CompileRust"], run.Build.Log);
        Assert.Equal(ExecutionStatus.Skipped, run.StatusOf("Restore"));
    }

    [Fact]
    public void The_root_is_the_nearest_directory_upwards_holding_dot_nuke()
    {
        var below = Directory.CreateDirectory(Path.Combine(BuildRun.Root, "a", "b")).FullName;

        var run = BuildRun.Of<DiamondBuild>(["Restore"], workingDirectory: below);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(AbsolutePath.Create(BuildRun.Root) / "output", run.Build.Output);
    }

    [Fact]
    public void Without_dot_nuke_above_the_working_directory_the_build_stops_before_creating_the_build_object()
    {
        var outside = Directory.CreateTempSubdirectory("build-engine-tests-no-root-").FullName;

        var run = BuildRun.Of<DiamondBuild>(["Restore"], workingDirectory: outside);

        Assert.Equal(-1, run.ExitCode);
        Assert.Null(run.Created);
        Assert.Contains($"Could not find a '.nuke' directory in '{outside}' or above it", run.Output);
        Assert.Contains("--root", run.Output);
    }

    [Fact]
    public void Root_option_sets_the_root_directory()
    {
        var other = Directory.CreateTempSubdirectory("build-engine-tests-root-").FullName;

        var run = BuildRun.Of<DiamondBuild>(["Restore", "--root", other], workingDirectory: Path.GetTempPath());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(AbsolutePath.Create(other) / "output", run.Build.Output);
    }

    [Fact]
    public void Parameters_file_is_the_last_source_after_command_line_and_environment()
    {
        var root = BuildRun.NewRoot();
        File.WriteAllText(Path.Combine(root, ".nuke", "parameters.json"), """
            {
              "$schema": "./build.schema.json",
              "Greeting": "from file",
              "Count": 7,
              "verbose": true,
              "Names": ["x", "y"],
              "MaxDistance": 3
            }
            """);

        var fromFile = BuildRun.Of<DiamondBuild>(["Restore"], workingDirectory: root);
        var overridden = BuildRun.Of<DiamondBuild>(["Restore", "--greeting", "from args"], new() { ["COUNT"] = "8" }, workingDirectory: root);

        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(("from file", 7, true, 3), (fromFile.Build.Greeting, fromFile.Build.Count, fromFile.Build.Verbose, fromFile.Build.MaxDistance));
        Assert.Equal(["x", "y"], fromFile.Build.Names);
        Assert.Equal(("from args", 8), (overridden.Build.Greeting, overridden.Build.Count));
    }

    [Fact]
    public void Invalid_parameters_file_is_an_error_naming_it()
    {
        var root = BuildRun.NewRoot();
        File.WriteAllText(Path.Combine(root, ".nuke", "parameters.json"), "{ \"Count\": ");

        var run = BuildRun.Of<DiamondBuild>(["Restore"], workingDirectory: root);

        Assert.Equal(-1, run.ExitCode);
        Assert.Contains("parameters.json is not valid JSON", run.Output);
    }

    [Fact]
    public void A_block_bodied_async_lambda_is_waited_for_before_the_next_target()
    {
        var run = BuildRun.Of<AsyncBuild>(["AfterSlow"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["slow work done", "AfterSlow"], run.Build.Log);
    }

    [Fact]
    public void A_failure_after_an_await_fails_the_target()
    {
        var run = BuildRun.Of<AsyncBuild>(["FailsLate"]);

        Assert.Equal(-1, run.ExitCode);
        Assert.Equal(ExecutionStatus.Failed, run.StatusOf("FailsLate"));
        Assert.Contains("failed after an await", run.Output);
    }

    [Fact]
    public void A_lambda_returning_a_plain_value_runs_and_its_value_is_dropped()
    {
        var run = BuildRun.Of<AsyncBuild>(["ReturnsValue"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, run.Build.Calls);
    }

    [Fact]
    public void An_async_lambda_returning_a_value_is_refused_before_any_target_runs()
    {
        // Nuke.Common binds `async () => await ...` (a Task<int>) to Executes<T>(Func<T>) and never waits for it; the
        // stand-in stops instead of finishing the target before its work, and names the form that is waited for.
        var run = BuildRun.Of<UnawaitedBuild>(["Unawaited"]);

        Assert.Equal(-1, run.ExitCode);
        Assert.Empty(run.Build.Log);
        Assert.Contains("Target Unawaited passes Executes a lambda that returns Task<Int32>", run.Output);
        Assert.Contains("async () => { await ...; }", run.Output);
    }
}
