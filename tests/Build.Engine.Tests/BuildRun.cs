using System.Linq.Expressions;
using BuildEngine;
using Spectre.Console;

namespace Build.Engine.Tests;

/// <summary>Runs a build in-process, as <c>./build.sh</c> would, and records everything it printed.</summary>
internal sealed record BuildRun<T>(int ExitCode, string Output, T Build)
    where T : NukeBuild
{
    public ExecutionStatus StatusOf(string target) => Build.ExecutionPlan.Single(t => t.Name == target).Status;
}

internal static class BuildRun
{
    public static BuildRun<T> Of<T>(
        T build,
        string[] arguments,
        Dictionary<string, string>? environment = null,
        params Expression<Func<T, Target>>[] defaultTargets)
        where T : NukeBuild
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200; // keep lines whole so assertions can look for them
        var context = new BuildContext
        {
            Arguments = arguments,
            Environment = environment ?? [],
            Console = console,
        };
        var exitCode = NukeBuild.Execute(build, context, defaultTargets);
        return new BuildRun<T>(exitCode, output.ToString(), build);
    }
}
