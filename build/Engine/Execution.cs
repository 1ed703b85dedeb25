namespace Nuke.Common.Execution;

// The engine's internal model of a run; none of it is public, so nothing here needs a counterpart in Nuke.Common.

/// <summary>The state of a target in the execution plan, as shown in the summary table.</summary>
internal enum ExecutionStatus
{
    /// <summary>In the plan, not started (or never started because an earlier target failed).</summary>
    NotRun,
    /// <summary>Skipped by <c>--skip</c>.</summary>
    Skipped,
    /// <summary>Ran to completion.</summary>
    Succeeded,
    /// <summary>Threw; the exception was printed.</summary>
    Failed,
}

/// <summary>A target as the engine sees it: its declaration plus what happened to it in this run.</summary>
internal sealed class ExecutableTarget(string name, TargetDefinition definition)
{
    /// <summary>The property name, which is also the name used on the command line.</summary>
    public string Name { get; } = name;

    public TargetDefinition Definition { get; } = definition;

    public string Description => Definition.DescriptionText;

    public List<ExecutableTarget> DependencyTargets { get; } = [];

    public List<ExecutableTarget> RunsAfter { get; } = [];

    public ExecutionStatus Status { get; set; } = ExecutionStatus.NotRun;

    /// <summary>Wall-clock time spent in the target's actions.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Whether the target was named on the command line (or is a default target when none was).</summary>
    public bool Invoked { get; set; }

    public override string ToString() => Name;
}

/// <summary>Records what a target's delegate declared; resolved into <see cref="ExecutableTarget"/>s afterwards.</summary>
internal sealed class TargetDefinition(string targetName) : ITargetDefinition
{
    public string DescriptionText { get; private set; } = "";
    public List<Target> Dependencies { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Func<Task>> Actions { get; } = [];

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

    public ITargetDefinition Executes(params Action[] actions)
    {
        foreach (var action in actions)
        {
            Actions.Add(() =>
            {
                action();
                return Task.CompletedTask;
            });
        }

        return this;
    }

    public ITargetDefinition Executes<T>(Func<T> action)
    {
        if (IsAwaitable(typeof(T)))
        {
            throw new BuildUsageException(
                $"Target {targetName} passes Executes a lambda that returns {TypeName(typeof(T))}. Nuke.Common binds it to Executes<T>(Func<T>), "
                + "which calls it and drops the task without waiting: the target would finish before its work does, and never see it fail. "
                + "Give the lambda a block body, `async () => { await ...; }`, which binds to Executes(Func<Task>) and is waited for.");
        }

        return Executes(() => { action(); });
    }

    public ITargetDefinition Executes(Func<Task> action)
    {
        Actions.Add(action);
        return this;
    }

    private static bool IsAwaitable(Type type) =>
        typeof(Task).IsAssignableFrom(type)
        || type == typeof(ValueTask)
        || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>);

    private static string TypeName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;
}
