using Nuke.Common;
using Nuke.Common.IO;

namespace Build.Engine.Tests;

/// <summary>A small build: a diamond of dependencies, a failing target, ordering and parameters.</summary>
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

    /// <summary>Set by a field initializer, which runs when the build object is created: RootDirectory is known by then.</summary>
    public readonly AbsolutePath Output = RootDirectory / "output";

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
        .Executes(() => throw new InvalidOperationException("the broken target broke"));

    public Target AfterBroken => _ => _
        .DependsOn(Broken)
        .Executes(() => Log.Add(nameof(AfterBroken)));

    public Target Clean => _ => _
        .Before(Restore)
        .Executes(() => Log.Add(nameof(Clean)));
}

/// <summary>Two targets that depend on each other through a third.</summary>
internal sealed class CycleBuild : NukeBuild
{
    public Target First => _ => _.DependsOn(Third).Executes(() => { });

    public Target Second => _ => _.DependsOn(First).Executes(() => { });

    public Target Third => _ => _.DependsOn(Second).Executes(() => { });
}

/// <summary>The forms of <c>Executes</c> that Nuke.Common binds differently, with work that finishes late.</summary>
internal sealed class AsyncBuild : NukeBuild
{
    public List<string> Log { get; } = [];

    private int _calls;

    // A block-bodied async lambda is a Func<Task>: waited for, so its work is done before the next target starts.
    public Target Slow => _ => _
        .Executes(async () =>
        {
            await Task.Delay(50);
            Log.Add("slow work done");
        });

    public Target AfterSlow => _ => _
        .DependsOn(Slow)
        .Executes(() => Log.Add(nameof(AfterSlow)));

    public Target FailsLate => _ => _
        .Executes(async () =>
        {
            await Task.Delay(10);
            throw new InvalidOperationException("failed after an await");
        });

    // A lambda returning a plain value binds to Executes<T>(Func<T>): it runs and its value is dropped, as on Nuke.
    public Target ReturnsValue => _ => _
        .Executes(() => ++_calls);

    public int Calls => _calls;
}

/// <summary>An expression-bodied async lambda: it returns Task&lt;int&gt;, which Nuke.Common would not wait for.</summary>
internal sealed class UnawaitedBuild : NukeBuild
{
    public List<string> Log { get; } = [];

    public Target First => _ => _
        .Executes(() => Log.Add(nameof(First)));

    public Target Unawaited => _ => _
        .DependsOn(First)
        .Executes(async () => await Task.FromResult(42));
}
