using System.Linq.Expressions;
using Nuke.Common.Execution;
using Nuke.Common.IO;

namespace Nuke.Common;

/// <summary>
/// Base class of a build, as Nuke.Common's <c>NukeBuild</c>: derive a partial <c>class Build</c>, declare
/// <see cref="Target"/> properties and <see cref="ParameterAttribute"/> members in any of its partial files, and
/// start it with <c>public static int Main() => Execute&lt;Build&gt;(x => x.Test);</c>.
/// </summary>
/// <remarks>
/// Hand-written because the NuGet mirror serves no Nuke.* package. Its public members are a subset of Nuke.Common
/// 10.1.0's, with the same signatures (tests/Build.Engine.Tests checks them against a recorded list), so that the
/// build compiles unchanged against Nuke.Common; see build/Engine/README.md.
/// </remarks>
public abstract class NukeBuild
{
    /// <summary>
    /// The repository root: <c>--root</c>, else the nearest directory upwards from the working directory that holds
    /// <c>.nuke</c>. Static, as in Nuke: it is known before the build object exists, so field initializers may use it.
    /// </summary>
    public static AbsolutePath RootDirectory { get; private set; } = null!;

    /// <summary>The targets of this run in execution order, with their status once the build has run.</summary>
    internal IReadOnlyList<ExecutableTarget> ExecutionPlan { get; set; } = [];

    /// <summary>Runs the build of type <typeparamref name="T"/> with the process's arguments and environment.</summary>
    /// <param name="defaultTargetExpressions">Targets to run when the command line names none.</param>
    /// <returns>The process exit code: 0 when every planned target succeeded or was skipped, -1 (255 as an exit
    /// status) otherwise, as Nuke returns.</returns>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargetExpressions)
        where T : NukeBuild, new() =>
        Run(BuildContext.FromProcess(), defaultTargetExpressions).ExitCode;

    /// <summary>Runs a build with an explicit context; the build object is null when the run failed before creating it.</summary>
    internal static (int ExitCode, T? Build) Run<T>(BuildContext context, params Expression<Func<T, Target>>[] defaultTargetExpressions)
        where T : NukeBuild, new()
    {
        var defaults = defaultTargetExpressions.Select(expression => expression.Body is MemberExpression member
            ? member.Member.Name
            : throw new ArgumentException($"A default target must be a property access such as x => x.Test, not '{expression}'.", nameof(defaultTargetExpressions)));
        T? build = null;
        var exitCode = new BuildRunner(context, defaults.ToList()).Run(root =>
        {
            RootDirectory = root;
            return build = new T();
        });
        return (exitCode, build);
    }

    /// <summary>Called once parameters are set and the plan is known, before the first target runs.</summary>
    protected internal virtual void OnBuildInitialized()
    {
    }
}
