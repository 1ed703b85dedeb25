using System.Collections;
using Spectre.Console;

namespace BuildEngine;

/// <summary>
/// What a build run reads from the outside world. <c>NukeBuild.Execute</c>
/// takes it from the process; tests pass their own arguments, environment and a recording console, so that a whole
/// build runs in-process and its output can be asserted on.
/// </summary>
public sealed class BuildContext
{
    /// <summary>Command-line arguments (without the program name).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Environment variables that parameters may be read from.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where headers, output of child processes, errors and the summary go.</summary>
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
            Console = console,
        };
    }
}
