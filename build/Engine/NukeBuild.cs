using System.ComponentModel;
using System.Linq.Expressions;
using System.Text;
using CliWrap;
using Spectre.Console;

namespace BuildEngine;

/// <summary>
/// Base class of a build, mirroring Nuke.Common's <c>NukeBuild</c>: derive a partial <c>class Build</c>, declare
/// <see cref="Target"/> properties and <see cref="ParameterAttribute"/> members in any of its partial files, and
/// start it with <c>public static int Main() => Execute&lt;Build&gt;(x => x.Test);</c>.
/// </summary>
/// <remarks>
/// Hand-written because the NuGet mirror serves no Nuke.* package. Unlike Nuke, <see cref="RootDirectory"/> is an
/// instance member: the engine's tests run many builds in parallel in one process.
/// </remarks>
public abstract class NukeBuild
{
    private BuildContext? _context;
    private readonly Lock _outputLock = new();

    /// <summary>The repository root: <c>--root</c>, else the <c>NukeRootDirectory</c> assembly metadata of the build
    /// project, else the nearest directory upwards from the current one holding <c>.nuke</c> or <c>.git</c>.</summary>
    public AbsolutePath RootDirectory { get; internal set; } = AbsolutePath.Create(".");

    /// <summary>The targets of this run in execution order, with their status once the build has run.</summary>
    public IReadOnlyList<ExecutableTarget> ExecutionPlan { get; internal set; } = [];

    /// <summary>The console of this run. Named like <see cref="System.Console"/> on purpose: inside a build class it
    /// shadows it, so nothing bypasses the console a test injected.</summary>
    protected IAnsiConsole Console => Context.Console;

    /// <summary>The console's underlying writer: text written here appears verbatim (no markup, colour or
    /// wrapping), for lines that other tools parse.</summary>
    protected TextWriter Out => Console.Profile.Out.Writer;

    internal BuildContext Context
    {
        get => _context ?? throw new InvalidOperationException("The build has not been started with NukeBuild.Execute.");
        set => _context = value;
    }

    /// <summary>Runs the build of type <typeparamref name="T"/> with the process's arguments and environment.</summary>
    /// <param name="defaultTargets">Targets to run when the command line names none.</param>
    /// <returns>The process exit code: 0 when every planned target succeeded or was skipped.</returns>
    public static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets)
        where T : NukeBuild, new() =>
        Execute(new T(), BuildContext.FromProcess(), defaultTargets);

    /// <summary>Runs <paramref name="build"/> with an explicit context (arguments, environment, console).</summary>
    public static int Execute<T>(T build, BuildContext context, params Expression<Func<T, Target>>[] defaultTargets)
        where T : NukeBuild
    {
        build.Context = context;
        var defaults = defaultTargets.Select(expression => expression.Body is MemberExpression member
            ? member.Member.Name
            : throw new ArgumentException($"A default target must be a property access such as x => x.Test, not '{expression}'.", nameof(defaultTargets)));
        return new BuildRunner(build, context, defaults.ToList()).Run();
    }

    /// <summary>Called once parameters are set and the plan is known, before the first target runs.</summary>
    protected virtual void OnBuildInitialized()
    {
    }

    internal void RaiseBuildInitialized() => OnBuildInitialized();

    /// <summary>
    /// Runs a process with CliWrap, streaming its standard output and error live to <see cref="Out"/> while keeping
    /// a copy for the caller to parse.
    /// </summary>
    /// <param name="tool">Executable name (looked up on PATH) or path.</param>
    /// <param name="arguments">Arguments, each escaped for the platform by CliWrap.</param>
    /// <param name="workingDirectory">Defaults to <see cref="RootDirectory"/>.</param>
    /// <param name="validateExitCode">When true (the default), a non-zero exit code throws a
    /// <see cref="BuildFailedException"/> naming the command line and the exit code.</param>
    /// <param name="logger">Receives each output line in place of <see cref="Out"/>, one line at a time, as Nuke's
    /// <c>logger</c> parameter does: for tools whose output is to be filtered or summarized. The result still holds
    /// every line.</param>
    /// <exception cref="BuildFailedException">The tool could not be started, or it failed and
    /// <paramref name="validateExitCode"/> is true.</exception>
    protected async Task<ProcessResult> RunProcessAsync(
        string tool,
        IEnumerable<string> arguments,
        AbsolutePath? workingDirectory = null,
        bool validateExitCode = true,
        Action<string>? logger = null)
    {
        var output = new StringBuilder();

        // stdout and stderr arrive on different threads: one lock keeps lines whole and in arrival order.
        void OnLine(string line)
        {
            lock (_outputLock)
            {
                output.AppendLine(line);
                if (logger is null)
                {
                    Out.WriteLine(line);
                }
                else
                {
                    logger(line);
                }
            }
        }

        var command = Cli.Wrap(tool)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory ?? RootDirectory)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
            .WithValidation(CommandResultValidation.None);
        var commandLine = $"{tool} {command.Arguments}".TrimEnd();
        Console.MarkupLineInterpolated($"[grey]> {commandLine}[/]");

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

/// <summary>What a finished process left behind.</summary>
/// <param name="CommandLine">The command line as it was echoed.</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output);
