using System.ComponentModel;
using System.Text;
using CliWrap;
using Spectre.Console;

// Processes run through CliWrap here in build/, not in the engine: Nuke.Common has no such API (its own is
// ProcessTasks and the generated tool wrappers), and the build must compile unchanged on Nuke.Common. No type here
// depends on the engine, so tests/Build.Tests compiles this file on its own.

/// <summary>
/// A failure whose message says everything the reader needs (a command and its exit code, a missing tool). It has no
/// stack trace: the engine and Nuke both print an exception with its <see cref="Exception.ToString"/>, which reads
/// <see cref="StackTrace"/>, and a trace into the build's own plumbing would only bury the message.
/// </summary>
sealed class BuildFailedException(string message) : Exception(message)
{
    public override string? StackTrace => null;
}

/// <summary>What a finished process left behind.</summary>
/// <param name="CommandLine">The command line as it was echoed.</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
sealed record ProcessResult(string CommandLine, int ExitCode, string Output);

static class ProcessRunner
{
    /// <summary>
    /// Runs a process, echoing its command line and streaming its standard output and error live to
    /// <paramref name="console"/>'s writer (verbatim: no markup, colour or wrapping) while keeping a copy for the
    /// caller to parse.
    /// </summary>
    /// <param name="console">Where the command line is echoed and, unless <paramref name="logger"/> is given, the output goes.</param>
    /// <param name="tool">Executable name (looked up on PATH) or path.</param>
    /// <param name="arguments">Arguments, each escaped for the platform by CliWrap.</param>
    /// <param name="workingDirectory">Where the process starts.</param>
    /// <param name="validateExitCode">When true, a non-zero exit code throws a <see cref="BuildFailedException"/>
    /// naming the command line and the exit code.</param>
    /// <param name="logger">Receives each output line in place of the console, one line at a time: for tools whose
    /// output is to be filtered or summarized. The result still holds every line.</param>
    /// <exception cref="BuildFailedException">The tool could not be started, or it failed and
    /// <paramref name="validateExitCode"/> is true.</exception>
    public static async Task<ProcessResult> RunAsync(
        IAnsiConsole console,
        string tool,
        IEnumerable<string> arguments,
        string workingDirectory,
        bool validateExitCode,
        Action<string>? logger)
    {
        var output = new StringBuilder();
        var gate = new Lock();

        // stdout and stderr arrive on different threads: one lock keeps lines whole and in arrival order.
        void OnLine(string line)
        {
            lock (gate)
            {
                output.AppendLine(line);
                if (logger is null)
                {
                    console.Profile.Out.Writer.WriteLine(line);
                }
                else
                {
                    logger(line);
                }
            }
        }

        var command = Cli.Wrap(tool)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
            .WithValidation(CommandResultValidation.None);
        var commandLine = $"{tool} {command.Arguments}".TrimEnd();
        console.MarkupLineInterpolated($"[grey]> {commandLine}[/]");

        CommandResult result;
        try
        {
            result = await command.ExecuteAsync();
        }
        catch (Exception exception) when (exception is Win32Exception or InvalidOperationException)
        {
            throw new BuildFailedException($"Could not start '{tool}' ({exception.Message}). Is it installed and on PATH?");
        }

        if (validateExitCode && result.ExitCode != 0)
        {
            throw new BuildFailedException($"'{commandLine}' exited with code {result.ExitCode}.");
        }

        return new ProcessResult(commandLine, result.ExitCode, output.ToString());
    }
}
