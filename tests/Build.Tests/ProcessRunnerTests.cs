using Spectre.Console.Testing;
using Xunit;

namespace Build.Tests;

/// <summary>The build's process runner, on real processes (the dotnet host, which any machine running this has).</summary>
public sealed class ProcessRunnerTests
{
    // Wide enough to keep lines whole, so that assertions can look for them.
    private readonly TestConsole _console = new TestConsole().Width(200);

    private Task<ProcessResult> Run(string tool, string[] arguments, bool validateExitCode = true, Action<string>? logger = null) =>
        ProcessRunner.RunAsync(_console, tool, arguments, Directory.GetCurrentDirectory(), validateExitCode, logger);

    [Fact]
    public async Task Output_is_echoed_streamed_and_kept()
    {
        var result = await Run("dotnet", ["--version"]);

        var version = result.Output.Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("> dotnet --version", _console.Output);
        Assert.Contains(version, _console.Output);
    }

    [Fact]
    public async Task A_logger_receives_the_output_in_place_of_the_console()
    {
        var logged = new List<string>();

        var result = await Run("dotnet", ["--version"], logger: logged.Add);

        Assert.Equal([result.Output.Trim()], logged);
        Assert.Contains("> dotnet --version", _console.Output);
        Assert.DoesNotContain(result.Output.Trim(), _console.Output);
    }

    [Fact]
    public async Task A_failing_process_throws_with_command_line_and_exit_code_and_no_stack_trace()
    {
        var exception = await Assert.ThrowsAsync<BuildFailedException>(() => Run("dotnet", ["exec", "does-not-exist.dll"]));

        Assert.Matches(@"^'dotnet exec does-not-exist\.dll' exited with code -?\d+\.$", exception.Message);
        // What the engine, and Nuke, print for a failed target: the type and the message alone.
        Assert.Equal($"{typeof(BuildFailedException).FullName}: {exception.Message}", exception.ToString());
    }

    [Fact]
    public async Task Without_validation_a_failing_process_returns_its_exit_code()
    {
        var result = await Run("dotnet", ["exec", "does-not-exist.dll"], validateExitCode: false);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("dotnet exec does-not-exist.dll", result.CommandLine);
    }

    [Fact]
    public async Task A_missing_tool_throws_a_clear_message()
    {
        var exception = await Assert.ThrowsAsync<BuildFailedException>(() => Run("no-such-tool-anywhere", ["x"]));

        Assert.StartsWith("Could not start 'no-such-tool-anywhere'", exception.Message);
    }
}
