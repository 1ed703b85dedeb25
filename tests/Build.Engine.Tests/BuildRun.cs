using System.Linq.Expressions;
using Nuke.Common;
using Nuke.Common.Execution;
using Spectre.Console.Testing;
using Xunit;

// RootDirectory is static, as in Nuke: builds of this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Build.Engine.Tests;

/// <summary>A build run in-process, as <c>./build.sh</c> would run it, and everything it printed.</summary>
internal sealed record BuildRun<T>(int ExitCode, string Output, T? Created)
    where T : NukeBuild
{
    public T Build => Created ?? throw new InvalidOperationException($"The run failed before creating the build:\n{Output}");

    public ExecutionStatus StatusOf(string target) => Build.ExecutionPlan.Single(t => t.Name == target).Status;
}

internal static class BuildRun
{
    /// <summary>A root directory (it holds <c>.nuke</c>) outside any repository, shared by the runs that need no other.</summary>
    public static string Root { get; } = NewRoot();

    /// <summary>A fresh directory holding an empty <c>.nuke</c>, in the system's temporary directory.</summary>
    public static string NewRoot()
    {
        var root = Directory.CreateTempSubdirectory("build-engine-tests-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        return root;
    }

    public static BuildRun<T> Of<T>(
        string[] arguments,
        Dictionary<string, string>? environment = null,
        string? workingDirectory = null,
        params Expression<Func<T, Target>>[] defaultTargets)
        where T : NukeBuild, new()
    {
        var console = new TestConsole().Width(200); // keep lines whole so assertions can look for them
        var context = new BuildContext
        {
            Arguments = arguments,
            Environment = environment ?? [],
            WorkingDirectory = workingDirectory ?? Root,
            Console = console,
        };
        var (exitCode, build) = NukeBuild.Run(context, defaultTargets);
        return new BuildRun<T>(exitCode, console.Output, build);
    }
}
