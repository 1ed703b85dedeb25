using BuildEngine;

namespace Build.Engine.Tests;

/// <summary>A small build: a diamond of dependencies, a failing target, ordering and condition cases.</summary>
internal sealed class DiamondBuild : NukeBuild
{
    public List<string> Log { get; } = [];

    [Parameter("Greeting to print.")]
    public readonly string Greeting = "hello";

    [Parameter("How many times.")]
    public int Count { get; private set; } = 1;

    [Parameter("A switch.")]
    public readonly bool Verbose;

    [Parameter("Several values.")]
    public readonly string[] Names = [];

    [Parameter("Maximum distance, to check kebab-case names.")]
    public readonly int? MaxDistance;

    public Target Restore => _ => _
        .Description("Restores things.")
        .Executes(() => Log.Add(nameof(Restore)));

    public Target CompileRust => _ => _
        .DependsOn(Restore)
        .Executes(() => Log.Add(nameof(CompileRust)));

    public Target CompileDotnet => _ => _
        .DependsOn(Restore)
        .Executes(async () =>
        {
            await Task.Yield();
            Log.Add(nameof(CompileDotnet));
        });

    public Target Test => _ => _
        .Description("Tests everything.")
        .DependsOn(CompileRust, CompileDotnet)
        .Executes(() => Log.Add(nameof(Test)));

    public Target Broken => _ => _
        .DependsOn(Restore)
        .Executes(() => throw new BuildFailedException("the broken target broke"));

    public Target AfterBroken => _ => _
        .DependsOn(Broken)
        .Executes(() => Log.Add(nameof(AfterBroken)));

    public Target Clean => _ => _
        .Before(Restore)
        .Executes(() => Log.Add(nameof(Clean)));

    public Target Never => _ => _
        .OnlyWhenStatic(() => false)
        .Executes(() => Log.Add(nameof(Never)));

    public Target Crash => _ => _
        .Executes(() => throw new InvalidOperationException("unexpected"));

    public Target Tolerant => _ => _
        .ProceedAfterFailure()
        .Executes(() => throw new BuildFailedException("tolerated"));
}

/// <summary>Two targets that depend on each other through a third.</summary>
internal sealed class CycleBuild : NukeBuild
{
    public Target First => _ => _.DependsOn(Third).Executes(() => { });

    public Target Second => _ => _.DependsOn(First).Executes(() => { });

    public Target Third => _ => _.DependsOn(Second).Executes(() => { });
}

/// <summary>Exposes the process helper to the tests.</summary>
internal sealed class ProcessBuild : NukeBuild
{
    public ProcessResult? Result { get; private set; }

    public Target Succeeds => _ => _
        .Executes(async () => Result = await RunProcessAsync("dotnet", ["--version"]));

    public Target FailsWithExitCode => _ => _
        .Executes(async () => Result = await RunProcessAsync("dotnet", ["exec", "does-not-exist.dll"]));

    public Target MissingTool => _ => _
        .Executes(async () => Result = await RunProcessAsync("no-such-tool-anywhere", ["x"]));

    public List<string> Logged { get; } = [];

    public Target Logs => _ => _
        .Executes(async () => Result = await RunProcessAsync("dotnet", ["--version"], logger: Logged.Add));
}
