using BuildEngine;
using Xunit;

namespace Build.Engine.Tests;

public sealed class EngineTests
{
    [Fact]
    public void Runs_dependencies_first_and_each_target_once()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Test"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "CompileRust", "CompileDotnet", "Test"], run.Build.Log);
        Assert.All(run.Build.ExecutionPlan, t => Assert.Equal(ExecutionStatus.Succeeded, t.Status));
    }

    [Fact]
    public void Runs_the_default_target_when_none_is_named()
    {
        var run = BuildRun.Of(new DiamondBuild(), [], defaultTargets: x => x.CompileRust);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "CompileRust"], run.Build.Log);
    }

    [Fact]
    public void Accepts_target_names_in_any_case_and_with_target_option()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["--target", "compile-rust"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "CompileRust"], run.Build.Log);
    }

    [Fact]
    public void Skip_with_names_skips_only_those_targets()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Test", "--skip", "CompileRust"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "CompileDotnet", "Test"], run.Build.Log);
        Assert.Equal(ExecutionStatus.Skipped, run.StatusOf("CompileRust"));
    }

    [Fact]
    public void Skip_without_names_skips_every_dependency()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Test", "--skip"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Test"], run.Build.Log);
        Assert.Equal(ExecutionStatus.Skipped, run.StatusOf("Restore"));
        Assert.Equal(ExecutionStatus.Succeeded, run.StatusOf("Test"));
    }

    [Fact]
    public void Unknown_target_is_an_error_that_suggests_the_closest_name()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Tset"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Unknown target 'Tset'. Did you mean 'Test'?", run.Output);
        Assert.Empty(run.Build.Log);
    }

    [Fact]
    public void Unknown_skipped_target_is_an_error()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Test", "--skip", "Restroe"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Unknown target 'Restroe'. Did you mean 'Restore'?", run.Output);
    }

    [Fact]
    public void Unknown_parameter_is_an_error_that_suggests_the_closest_name()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Test", "--greting", "hi"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Unknown parameter '--greting'. Did you mean '--greeting'?", run.Output);
        Assert.Empty(run.Build.Log);
    }

    [Fact]
    public void Invalid_parameter_value_is_an_error_naming_the_parameter()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Test", "--count", "many"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--count: 'many' is not a valid Int32.", run.Output);
    }

    [Fact]
    public void Failing_target_fails_the_build_and_later_targets_do_not_run()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["AfterBroken", "Test"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(ExecutionStatus.Succeeded, run.StatusOf("Restore"));
        Assert.Equal(ExecutionStatus.Failed, run.StatusOf("Broken"));
        Assert.Equal(ExecutionStatus.NotRun, run.StatusOf("AfterBroken"));
        Assert.Equal(ExecutionStatus.NotRun, run.StatusOf("Test"));
        Assert.Equal(["Restore"], run.Build.Log);
        Assert.Contains("Target Broken failed: the broken target broke", run.Output);
        Assert.Contains("NotRun", run.Output);
        Assert.Contains("Build failed", run.Output);
    }

    [Fact]
    public void Unexpected_exception_is_printed_with_its_type()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Crash"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("System.InvalidOperationException: unexpected", run.Output);
    }

    [Fact]
    public void Proceed_after_failure_lets_independent_targets_run_but_still_fails()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Tolerant", "CompileRust"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(ExecutionStatus.Failed, run.StatusOf("Tolerant"));
        Assert.Equal(ExecutionStatus.Succeeded, run.StatusOf("CompileRust"));
    }

    [Fact]
    public void Before_orders_targets_that_are_in_the_plan_without_adding_any()
    {
        var both = BuildRun.Of(new DiamondBuild(), ["CompileRust", "Clean"]);
        var alone = BuildRun.Of(new DiamondBuild(), ["CompileRust"]);

        Assert.Equal(["Clean", "Restore", "CompileRust"], both.Build.Log);
        Assert.Equal(["Restore", "CompileRust"], alone.Build.Log);
    }

    [Fact]
    public void False_static_condition_skips_the_target()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Never"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ExecutionStatus.Skipped, run.StatusOf("Never"));
        Assert.Empty(run.Build.Log);
    }

    [Fact]
    public void Parameters_are_read_from_the_command_line()
    {
        var run = BuildRun.Of(
            new DiamondBuild(),
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

        var fromEnvironment = BuildRun.Of(new DiamondBuild(), ["Restore"], environment);
        var fromBoth = BuildRun.Of(new DiamondBuild(), ["Restore", "--greeting", "from args"], environment);

        Assert.Equal("from env", fromEnvironment.Build.Greeting);
        Assert.Equal(5, fromEnvironment.Build.Count);
        Assert.Equal(4, fromEnvironment.Build.MaxDistance);
        Assert.Equal("from args", fromBoth.Build.Greeting);
    }

    [Fact]
    public void Parameters_keep_their_initializer_when_not_given()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["Restore"]);

        Assert.Equal("hello", run.Build.Greeting);
        Assert.Equal(1, run.Build.Count);
    }

    [Fact]
    public void Help_lists_targets_dependencies_descriptions_and_parameters_with_values()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["--help", "--greeting", "hey"], defaultTargets: x => x.Test);

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
        var run = BuildRun.Of(new CycleBuild(), ["First"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Matches(@"Circular dependency between targets: (\w+) -> \w+ -> \w+ -> \1\.", run.Output);
    }

    [Fact]
    public void Summary_lists_every_planned_target_with_its_status()
    {
        var run = BuildRun.Of(new DiamondBuild(), ["CompileRust", "--skip", "Restore"]);

        Assert.Matches(@"Restore\s+│\s+Skipped", run.Output);
        Assert.Matches(@"CompileRust\s+│\s+Succeeded", run.Output);
        Assert.Contains("Total", run.Output);
        Assert.Contains("Build succeeded", run.Output);
    }

    [Fact]
    public void Process_output_is_captured_and_streamed()
    {
        var run = BuildRun.Of(new ProcessBuild(), ["Succeeds"]);

        Assert.Equal(0, run.ExitCode);
        var version = run.Build.Result!.Output.Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        Assert.Contains("> dotnet --version", run.Output);
        Assert.Contains(version, run.Output);
    }

    [Fact]
    public void A_logger_receives_the_output_in_place_of_the_console()
    {
        var run = BuildRun.Of(new ProcessBuild(), ["Logs"]);

        Assert.Equal(0, run.ExitCode);
        var version = run.Build.Result!.Output.Trim();
        Assert.Equal([version], run.Build.Logged);
        Assert.Contains("> dotnet --version", run.Output);
        Assert.DoesNotContain(version, run.Output);
    }

    [Fact]
    public void Failing_process_fails_the_target_with_command_line_and_exit_code()
    {
        var run = BuildRun.Of(new ProcessBuild(), ["FailsWithExitCode"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Matches(@"'dotnet exec does-not-exist\.dll' exited with code -?\d+\.", run.Output);
    }

    [Fact]
    public void Missing_tool_fails_the_target_with_a_clear_message()
    {
        var run = BuildRun.Of(new ProcessBuild(), ["MissingTool"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Could not start 'no-such-tool-anywhere'", run.Output);
    }
}
