using System.Diagnostics;
using System.Reflection;
using Nuke.Common.IO;
using Spectre.Console;

namespace Nuke.Common.Execution;

// The part of Nuke this repository needs: find the root, discover targets and parameters by reflection, plan, run,
// summarize. Hand-written because no Nuke.* package is served; console output goes through Spectre.Console.

/// <summary>One run of one build: root, build object, discovery, command line, plan, execution and summary.</summary>
internal sealed class BuildRunner(BuildContext context, IReadOnlyList<string> defaultTargets)
{
    /// <summary>The directory that marks the root, and holds <c>parameters.json</c> and <c>temp/</c>, as in Nuke.</summary>
    internal const string NukeDirectoryName = ".nuke";

    /// <summary>What <c>Execute</c> returns when the build fails, as Nuke's does (255 as a process exit status).</summary>
    internal const int ErrorExitCode = -1;

    private readonly IAnsiConsole _console = context.Console;
    private NukeBuild _build = null!;

    /// <summary>Runs the build that <paramref name="create"/> makes once the root directory is known.</summary>
    public int Run(Func<AbsolutePath, NukeBuild> create)
    {
        List<ExecutableTarget> plan;
        try
        {
            var commandLine = CommandLine.Parse(context.Arguments);
            var root = FindRootDirectory(commandLine.Root);
            _build = create(root);
            var targets = DiscoverTargets();
            var parameters = BuildParameter.Discover(_build.GetType());
            ApplyParameters(parameters, commandLine, root);

            var defaults = defaultTargets.Select(name => Find(targets, name)).ToList();
            if (commandLine.Help)
            {
                PrintHelp(targets, defaults, parameters, root);
                return 0;
            }

            DetectCycles(targets);
            var invoked = commandLine.Targets.Count > 0
                ? commandLine.Targets.Select(name => Find(targets, name)).Distinct().ToList()
                : defaults;
            if (invoked.Count == 0)
            {
                throw new BuildUsageException("No target was given and the build declares no default target.");
            }

            plan = Plan(invoked);
            invoked.ForEach(target => target.Invoked = true);
            if (commandLine.Skip is { } skip)
            {
                var skipped = skip.Select(name => Find(targets, name)).ToHashSet();
                plan.Where(target => skipped.Count == 0 || skipped.Contains(target)).ToList().ForEach(target => MarkSkipped(plan, target));
            }

            _build.ExecutionPlan = plan;
        }
        catch (BuildUsageException exception)
        {
            _console.MarkupLineInterpolated($"[red]error: {exception.Message}[/]");
            return ErrorExitCode;
        }

        var total = Stopwatch.StartNew();
        _build.OnBuildInitialized();
        Execute(plan);
        PrintSummary(plan, total.Elapsed);
        return plan.Any(t => t.Status is ExecutionStatus.Failed) ? ErrorExitCode : 0;
    }

    private List<ExecutableTarget> DiscoverTargets()
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var properties = _build.GetType().GetProperties(flags).Where(p => p.PropertyType == typeof(Target)).ToList();
        var delegates = properties.Select(p => (Property: p, Delegate: (Target)p.GetValue(_build)!)).ToList();

        // A target property is an expression-bodied `=> _ => ...`, so every read returns a new delegate; what
        // identifies the target across reads is the compiler-generated method behind it.
        var byMethod = new Dictionary<MethodInfo, ExecutableTarget>();
        var targets = new List<ExecutableTarget>();
        foreach (var (property, target) in delegates)
        {
            var definition = new TargetDefinition(property.Name);
            target(definition);
            var executable = new ExecutableTarget(property.Name, definition);
            byMethod[target.Method] = executable;
            targets.Add(executable);
        }

        ExecutableTarget Resolve(ExecutableTarget owner, Target reference) =>
            byMethod.TryGetValue(reference.Method, out var found)
                ? found
                : throw new InvalidOperationException($"Target '{owner.Name}' refers to a target that is not a Target property of {_build.GetType().Name}.");

        foreach (var target in targets)
        {
            target.DependencyTargets.AddRange(target.Definition.Dependencies.Select(d => Resolve(target, d)));
            foreach (var later in target.Definition.BeforeTargets.Select(d => Resolve(target, d)))
            {
                later.RunsAfter.Add(target);
            }
        }

        return targets;
    }

    /// <summary>As Nuke finds it: <c>--root</c>, else the nearest directory upwards from the working directory
    /// that holds <c>.nuke</c>.</summary>
    private AbsolutePath FindRootDirectory(string? fromCommandLine)
    {
        if (fromCommandLine is not null)
        {
            return AbsolutePath.Create(Path.GetFullPath(fromCommandLine, context.WorkingDirectory));
        }

        for (AbsolutePath? directory = AbsolutePath.Create(context.WorkingDirectory); directory is not null; directory = directory.Parent)
        {
            if (Path.Exists(directory / NukeDirectoryName))
            {
                return directory;
            }
        }

        throw new BuildUsageException(
            $"Could not find a '{NukeDirectoryName}' directory in '{context.WorkingDirectory}' or above it: run the build from inside the repository, or add '--root <directory>'.");
    }

    /// <summary>Each parameter from the command line, else the environment, else <c>.nuke/parameters.json</c>, as
    /// Nuke orders them; one that none of them names keeps its initializer.</summary>
    private void ApplyParameters(List<BuildParameter> parameters, CommandLine commandLine, AbsolutePath root)
    {
        foreach (var (name, values) in commandLine.Options)
        {
            var parameter = parameters.FirstOrDefault(p => Names.Normalize(p.Name) == Names.Normalize(name))
                ?? throw new BuildUsageException(
                    $"Unknown parameter '--{name}'."
                    + Names.Suggest(name, parameters.Select(p => p.Name).Concat([CommandLine.TargetOption, CommandLine.SkipOption, CommandLine.HelpOption, CommandLine.RootOption]),
                        candidate => "--" + Names.ToKebabCase(candidate)));
            parameter.Set(_build, values, parameter.OptionName);
        }

        var file = ParametersFile.Read(root / NukeDirectoryName / ParametersFile.Name);
        foreach (var parameter in parameters.Where(p => !commandLine.Options.Any(o => Names.Normalize(o.Name) == Names.Normalize(p.Name))))
        {
            // Sorted so that when both PYTHON and Python exist (possible on Linux) the choice is deterministic.
            var variable = context.Environment.Keys
                .Where(key => Names.Normalize(key) == Names.Normalize(parameter.Name))
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
            if (variable is not null)
            {
                parameter.SetFromEnvironment(_build, variable, context.Environment[variable]);
            }
            else if (file.FirstOrDefault(entry => Names.Normalize(entry.Key) == Names.Normalize(parameter.Name)) is { Key: not null } entry)
            {
                parameter.Set(_build, entry.Value, $"{ParametersFile.Name} key {entry.Key}");
            }
        }
    }

    private static ExecutableTarget Find(List<ExecutableTarget> targets, string name) =>
        targets.FirstOrDefault(t => Names.Normalize(t.Name) == Names.Normalize(name))
        ?? throw new BuildUsageException($"Unknown target '{name}'." + Names.Suggest(name, targets.Select(t => t.Name)));

    /// <summary>Fails on any cycle through DependsOn/Before in the whole build, not only the invoked part,
    /// so a cycle is reported the day it is written.</summary>
    private static void DetectCycles(List<ExecutableTarget> targets)
    {
        var state = new Dictionary<ExecutableTarget, bool>(); // false: on the current path; true: done.
        var path = new Stack<ExecutableTarget>();

        void Visit(ExecutableTarget target)
        {
            if (state.TryGetValue(target, out var done))
            {
                if (!done)
                {
                    var cycle = path.Reverse().SkipWhile(t => t != target).Append(target).Select(t => t.Name);
                    throw new BuildUsageException($"Circular dependency between targets: {string.Join(" -> ", cycle)}.");
                }

                return;
            }

            state[target] = false;
            path.Push(target);
            foreach (var predecessor in target.DependencyTargets.Concat(target.RunsAfter))
            {
                Visit(predecessor);
            }

            path.Pop();
            state[target] = true;
        }

        targets.ForEach(Visit);
    }

    /// <summary>The invoked targets and everything they depend on, each once, dependencies first; Before
    /// orders targets that are in the plan anyway.</summary>
    private static List<ExecutableTarget> Plan(List<ExecutableTarget> invoked)
    {
        var members = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(invoked);
        while (pending.TryPop(out var target))
        {
            if (members.Add(target))
            {
                target.DependencyTargets.ForEach(pending.Push);
            }
        }

        var plan = new List<ExecutableTarget>();
        var visited = new HashSet<ExecutableTarget>();

        void Visit(ExecutableTarget target)
        {
            if (!members.Contains(target) || !visited.Add(target))
            {
                return;
            }

            foreach (var predecessor in target.DependencyTargets.Concat(target.RunsAfter))
            {
                Visit(predecessor);
            }

            plan.Add(target);
        }

        invoked.ForEach(Visit);
        return plan;
    }

    /// <summary>
    /// Nuke's <c>--skip</c>: a target that was not invoked is skipped, and so, in turn, is each of its dependencies
    /// that no other target still in the plan depends on.
    /// </summary>
    private static void MarkSkipped(List<ExecutableTarget> plan, ExecutableTarget target)
    {
        if (target.Status is not ExecutionStatus.NotRun)
        {
            return;
        }

        if (!target.Invoked)
        {
            target.Status = ExecutionStatus.Skipped;
        }

        foreach (var dependency in target.DependencyTargets)
        {
            var stillNeeded = plan.Any(other => other != target && other.Status is ExecutionStatus.NotRun && other.DependencyTargets.Contains(dependency));
            if (!stillNeeded)
            {
                MarkSkipped(plan, dependency);
            }
        }
    }

    /// <summary>Runs the plan in order; the first failure stops it, and the targets after it stay NotRun.</summary>
    private void Execute(List<ExecutableTarget> plan)
    {
        foreach (var target in plan.Where(t => t.Status is not ExecutionStatus.Skipped))
        {
            _console.WriteLine();
            _console.Write(new Rule($"[bold]{Markup.Escape(target.Name)}[/]").LeftJustified().RuleStyle("blue"));
            var stopwatch = Stopwatch.StartNew();
            try
            {
                foreach (var action in target.Definition.Actions)
                {
                    action().GetAwaiter().GetResult();
                }

                target.Status = ExecutionStatus.Succeeded;
            }
            catch (Exception exception)
            {
                target.Status = ExecutionStatus.Failed;
                // The whole exception, as Nuke logs it: a type whose message says everything can leave out its stack
                // trace by overriding StackTrace (ToString() reads it), and then looks the same on both.
                _console.MarkupLineInterpolated($"[red]Target {target.Name} failed: {exception}[/]");
            }

            target.Duration = stopwatch.Elapsed;
            if (target.Status is ExecutionStatus.Failed)
            {
                return;
            }
        }
    }

    private void PrintSummary(List<ExecutableTarget> plan, TimeSpan total)
    {
        var table = new Table().Border(TableBorder.Rounded).ShowFooters()
            .AddColumn(new TableColumn("Target").Footer("[bold]Total[/]"))
            .AddColumn(new TableColumn("Status"))
            .AddColumn(new TableColumn("Duration").RightAligned().Footer($"[bold]{FormatDuration(total)}[/]"));
        foreach (var target in plan)
        {
            var colour = target.Status switch
            {
                ExecutionStatus.Succeeded => "green",
                ExecutionStatus.Failed => "red",
                ExecutionStatus.Skipped => "yellow",
                _ => "grey",
            };
            var duration = target.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed ? FormatDuration(target.Duration) : "";
            table.AddRow(Markup.Escape(target.Name), $"[{colour}]{target.Status}[/]", duration);
        }

        _console.WriteLine();
        _console.Write(table);

        var failed = plan.Any(t => t.Status is ExecutionStatus.Failed);
        _console.MarkupLine(failed
            ? $"[red bold]Build failed[/] on {DateTime.Now:yyyy-MM-dd HH:mm:ss}"
            : $"[green bold]Build succeeded[/] on {DateTime.Now:yyyy-MM-dd HH:mm:ss}");
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1) ? "< 1sec" : $"{(int)duration.TotalMinutes}:{duration.Seconds:00}";

    private void PrintHelp(List<ExecutableTarget> targets, List<ExecutableTarget> defaults, List<BuildParameter> parameters, AbsolutePath root)
    {
        _console.MarkupLine("[bold]Targets[/] (with their direct dependencies):");
        _console.WriteLine();
        var targetGrid = new Grid()
            .AddColumn(new GridColumn().PadLeft(2).PadRight(2).NoWrap())
            .AddColumn(new GridColumn().PadRight(2).NoWrap())
            .AddColumn();
        foreach (var target in targets.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var name = target.Name + (defaults.Contains(target) ? " (default)" : "");
            var dependencies = target.DependencyTargets.Count > 0 ? "-> " + string.Join(", ", target.DependencyTargets.Select(t => t.Name)) : "";
            targetGrid.AddRow(Markup.Escape(name), Markup.Escape(dependencies), Markup.Escape(target.Description));
        }

        _console.Write(targetGrid);
        _console.WriteLine();
        _console.MarkupLine("[bold]Parameters[/]:");
        _console.WriteLine();
        var parameterGrid = new Grid().AddColumn(new GridColumn().PadLeft(2).PadRight(2).NoWrap()).AddColumn();
        foreach (var parameter in parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            parameterGrid.AddRow(
                Markup.Escape(parameter.OptionName),
                Markup.Escape($"{parameter.Description} (current: {parameter.FormatValue(_build)})".TrimStart()));
        }

        parameterGrid.AddEmptyRow();
        var defaultNames = defaults.Count > 0 ? string.Join(" ", defaults.Select(d => d.Name)) : "none";
        parameterGrid.AddRow("--help", "Shows this help.");
        parameterGrid.AddRow("--root", Markup.Escape($"Repository root (current: {root})."));
        parameterGrid.AddRow("--skip", "Targets to skip, with their dependencies that nothing else in the plan needs; with no names, every target that was not invoked.");
        parameterGrid.AddRow("--target", Markup.Escape($"Targets to invoke, also accepted without --target (default: {defaultNames})."));
        _console.Write(parameterGrid);
    }
}
