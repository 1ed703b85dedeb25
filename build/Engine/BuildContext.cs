using System.Collections;
using Spectre.Console;

namespace Nuke.Common.Execution;

/// <summary>
/// What a build run reads from the outside world. <c>NukeBuild.Execute</c> takes it from the process; the engine's
/// tests pass their own, so that a whole build runs in-process and its output can be asserted on.
/// </summary>
internal sealed class BuildContext
{
    /// <summary>Command-line arguments (without the program name).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Environment variables that parameters may be read from.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the search for the root directory (the nearest one holding <c>.nuke</c>) starts.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Where headers, errors and the summary go.</summary>
    public IAnsiConsole Console { get; init; } = AnsiConsole.Console;

    /// <summary>The context of the current process: its arguments, its environment and the terminal.</summary>
    public static BuildContext FromProcess()
    {
        var console = AnsiConsole.Console;
        if (System.Console.IsOutputRedirected)
        {
            // Piped into a CI log, Spectre assumes 80 columns and wraps every longer command line and message.
            console.Profile.Width = 160;
        }

        return new BuildContext
        {
            Arguments = System.Environment.GetCommandLineArgs().Skip(1).ToArray(),
            Environment = System.Environment.GetEnvironmentVariables()
                .Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? ""),
            WorkingDirectory = Directory.GetCurrentDirectory(),
            Console = console,
        };
    }
}
