namespace BuildEngine;

// Nuke's target model, kept name for name so that build/Build*.cs compiles unchanged against Nuke.Common.
// Hand-written because no Nuke.* package (nor Bullseye) is served by the NuGet mirror this repository uses.

/// <summary>
/// A target: a build property of this type, written <c>Target Compile => _ => _.DependsOn(Restore).Executes(...)</c>.
/// The engine calls the delegate once with a fresh definition and reads back what the target declared.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition _);

/// <summary>The fluent declaration of a target (the subset of Nuke's <c>ITargetDefinition</c> this build uses).</summary>
public interface ITargetDefinition
{
    /// <summary>Text shown next to the target by <c>--help</c>.</summary>
    ITargetDefinition Description(string description);

    /// <summary>Targets that must run (once) before this one; they join the plan even when not invoked.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Orders this target before the given ones when both are in the plan, without pulling them in.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>The work of the target. Several calls run in declaration order.</summary>
    ITargetDefinition Executes(Action action);

    /// <summary>The asynchronous work of the target. Several calls run in declaration order.</summary>
    ITargetDefinition Executes(Func<Task> action);

    /// <summary>Conditions evaluated once before the first target runs; if any is false the target is skipped.</summary>
    ITargetDefinition OnlyWhenStatic(params Func<bool>[] conditions);

    /// <summary>Lets independent targets still run after this one fails (the build still fails).</summary>
    ITargetDefinition ProceedAfterFailure();
}

/// <summary>The state of a target in the execution plan, as shown in the summary table.</summary>
public enum ExecutionStatus
{
    /// <summary>In the plan, not started (or never started because an earlier target failed).</summary>
    NotRun,
    /// <summary>Skipped by <c>--skip</c> or by a false <c>OnlyWhenStatic</c> condition.</summary>
    Skipped,
    /// <summary>Ran to completion.</summary>
    Succeeded,
    /// <summary>Threw; the message was printed.</summary>
    Failed,
}

/// <summary>A target as the engine sees it: its declaration plus what happened to it in this run.</summary>
public sealed class ExecutableTarget
{
    internal ExecutableTarget(string name, TargetDefinition definition)
    {
        Name = name;
        Definition = definition;
    }

    /// <summary>The property name, which is also the name used on the command line.</summary>
    public string Name { get; }

    /// <summary>The description given with <see cref="ITargetDefinition.Description"/>, or empty.</summary>
    public string Description => Definition.DescriptionText;

    /// <summary>Names of the direct dependencies, in declaration order.</summary>
    public IReadOnlyList<string> DependsOn => DependencyTargets.Select(t => t.Name).ToList();

    /// <summary>Outcome in this run.</summary>
    public ExecutionStatus Status { get; internal set; } = ExecutionStatus.NotRun;

    /// <summary>Wall-clock time spent in the target's actions.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Whether the target was named on the command line (or is a default target when none was).</summary>
    public bool Invoked { get; internal set; }

    internal TargetDefinition Definition { get; }
    internal List<ExecutableTarget> DependencyTargets { get; } = [];
    internal List<ExecutableTarget> RunsAfter { get; } = [];

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Records what a target's delegate declared; resolved into <see cref="ExecutableTarget"/>s afterwards.</summary>
internal sealed class TargetDefinition : ITargetDefinition
{
    internal string DescriptionText { get; private set; } = "";
    internal List<Target> Dependencies { get; } = [];
    internal List<Target> BeforeTargets { get; } = [];
    internal List<Func<Task>> Actions { get; } = [];
    internal List<Func<bool>> StaticConditions { get; } = [];
    internal bool ProceedsAfterFailure { get; private set; }

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets)
    {
        Dependencies.AddRange(targets);
        return this;
    }

    public ITargetDefinition Before(params Target[] targets)
    {
        BeforeTargets.AddRange(targets);
        return this;
    }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(() =>
        {
            action();
            return Task.CompletedTask;
        });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action)
    {
        Actions.Add(action);
        return this;
    }

    public ITargetDefinition OnlyWhenStatic(params Func<bool>[] conditions)
    {
        StaticConditions.AddRange(conditions);
        return this;
    }

    public ITargetDefinition ProceedAfterFailure()
    {
        ProceedsAfterFailure = true;
        return this;
    }
}
