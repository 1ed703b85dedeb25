namespace Nuke.Common;

// Nuke's target model (Nuke.Build 10.1.0), reduced to what build/ uses, with Nuke's signatures: the same lambda binds
// to the same overload on both.

/// <summary>
/// A target: a build property of this type, written <c>Target Compile => _ => _.DependsOn(Restore).Executes(...)</c>.
/// The engine calls the delegate once with a fresh definition and reads back what the target declared.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);

/// <summary>The fluent declaration of a target (the part of Nuke's <c>ITargetDefinition</c> this build uses).</summary>
public interface ITargetDefinition
{
    /// <summary>Text shown next to the target by <c>--help</c>.</summary>
    ITargetDefinition Description(string description);

    /// <summary>The work of the target. Several calls run in declaration order.</summary>
    ITargetDefinition Executes(params Action[] actions);

    /// <summary>
    /// Work whose result is dropped. Nuke calls the function and discards what it returns, so a lambda returning
    /// <c>Task&lt;T&gt;</c> (<c>async () =&gt; await RunProcessAsync(...)</c>) would not be waited for and its failure
    /// never seen. This engine refuses such a lambda before any target runs, naming the fix: a block body,
    /// <c>async () =&gt; { await ...; }</c>, binds to <see cref="Executes(Func{Task})"/> on both.
    /// </summary>
    ITargetDefinition Executes<T>(Func<T> action);

    /// <summary>Asynchronous work, waited for before the next action or target starts.</summary>
    ITargetDefinition Executes(Func<Task> action);

    /// <summary>Targets that must run (once) before this one; they join the plan even when not invoked.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Orders this target before the given ones when both are in the plan, without pulling them in.</summary>
    ITargetDefinition Before(params Target[] targets);
}
