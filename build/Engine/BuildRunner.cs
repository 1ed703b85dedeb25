using System.Diagnostics;
using System.Reflection;
using Spectre.Console;

namespace BuildEngine;

// The part of Nuke this repository needs: discover targets and parameters by reflection, plan, run, summarize.
// Hand-written because no Nuke.* package is served; console output goes through Spectre.Console.

/// <summary>One run of one build: discovery, command line, plan, execution and summary.</summary>
internal sealed class BuildRunner(NukeBuild build, BuildContext context, IReadOnlyList<string> defaultTargets)
{
    private readonly IAnsiConsole _console = context.Console;

    public int Run()
    {
        List<ExecutableTarget> targets;
        List<ExecutableTarget> plan;
        try
        {
            targets = DiscoverTargets();
            var parameters = BuildParameter.Discover(build.GetType());
            var commandLine = CommandLine.Parse(context.Arguments);
            build.RootDirectory = FindRootDirectory(commandLine.Root);
            ApplyParameters(parameters, commandLine);

            var defaults = defaultTargets.Select(name => Find(targets, name)).ToList();
            if (commandLine.Help)
            {
                PrintHelp(targets, defaults, parameters);
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
            var skipped = commandLine.Skip?.Select(name => Find(targets, name)).ToHashSet();
            foreach (var target in plan)
            {
                target.Invoked = invoked.Contains(target);
                if (skipped is not null && (skipped.Count == 0 ? !target.Invoked : skipped.Contains(target)))
                {
                    target.Status = ExecutionStatus.Skipped;
                }
            }

            build.ExecutionPlan = plan;
        }
        catch (BuildUsageException exception)
        {
            _console.MarkupLineInterpolated($"[red]error: {exception.Message}[/]");
            return 1;
        }

        var total = Stopwatch.StartNew();
        build.RaiseBuildInitialized();
        Execute(plan);
        PrintSummary(plan, total.Elapsed);
        return plan.Any(t => t.Status is ExecutionStatus.Failed) ? 1 : 0;
    }

    private List<ExecutableTarget> DiscoverTargets()
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var properties = build.GetType().GetProperties(flags).Where(p => p.PropertyType == typeof(Target)).ToList();
        var delegates = properties.Select(p => (Property: p, Delegate: (Target)p.GetValue(build)!)).ToList();

        // A target property is an expression-bodied `=> _ => ...`, so every read returns a new delegate; what
        // identifies the target across reads is the compiler-generated method behind it.
        var byMethod = new Dictionary<MethodInfo, ExecutableTarget>();
        var targets = new List<ExecutableTarget>();
        foreach (var (property, target) in delegates)
        {
            var definition = new TargetDefinition();
            target(definition);
            var executable = new ExecutableTarget(property.Name, definition);
            byMethod[target.Method] = executable;
            targets.Add(executable);
        }

        ExecutableTarget Resolve(ExecutableTarget owner, Target reference) =>
            byMethod.TryGetValue(reference.Method, out var found)
                ? found
                : throw new InvalidOperationException($"Target '{owner.Name}' refers to a target that is not a Target property of {build.GetType().Name}.");

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

    private AbsolutePath FindRootDirectory(string? fromCommandLine)
    {
        if (fromCommandLine is not null)
        {
            return AbsolutePath.Create(fromCommandLine);
        }

        // _build.csproj records the repository root at compile time (as Nuke's NukeRootDirectory does), so the build
        // finds it whatever directory it is started from.
        var recorded = build.GetType().Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NukeRootDirectory" && !string.IsNullOrEmpty(a.Value));
        if (recorded is not null)
        {
            return AbsolutePath.Create(recorded.Value!);
        }

        for (var directory = AbsolutePath.Create(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (Path.Exists(directory / ".nuke") || Path.Exists(directory / ".git"))
            {
                return directory;
            }
        }

        return AbsolutePath.Create(Directory.GetCurrentDirectory());
    }

    private void ApplyParameters(List<BuildParameter> parameters, CommandLine commandLine)
    {
        foreach (var (name, values) in commandLine.Options)
        {
            var parameter = parameters.FirstOrDefault(p => Names.Normalize(p.Name) == Names.Normalize(name))
                ?? throw new BuildUsageException(
                    $"Unknown parameter '--{name}'."
                    + Names.Suggest(name, parameters.Select(p => p.Name).Concat([CommandLine.TargetOption, CommandLine.SkipOption, CommandLine.HelpOption, CommandLine.RootOption]),
                        candidate => "--" + Names.ToKebabCase(candidate)));
            parameter.SetFromCommandLine(build, values);
        }

        foreach (var parameter in parameters.Where(p => !commandLine.Options.Any(o => Names.Normalize(o.Name) == Names.Normalize(p.Name))))
        {
            // Sorted so that when both PYTHON and Python exist (possible on Linux) the choice is deterministic.
            var variable = context.Environment.Keys
                .Where(key => Names.Normalize(key) == Names.Normalize(parameter.Name))
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
            if (variable is not null)
            {
                parameter.SetFromEnvironment(build, variable, context.Environment[variable]);
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

    private void Execute(List<ExecutableTarget> plan)
    {
        // Static conditions are evaluated before anything runs: they describe the environment, not build results.
        foreach (var target in plan.Where(t => t.Status is ExecutionStatus.NotRun && !t.Definition.StaticConditions.All(c => c())))
        {
            target.Status = ExecutionStatus.Skipped;
        }

        var stopped = false;
        foreach (var target in plan)
        {
            if (target.Status is ExecutionStatus.Skipped)
            {
                continue;
            }

            var blocked = target.DependencyTargets.Any(d => d.Status is ExecutionStatus.Failed or ExecutionStatus.NotRun);
            if (stopped || blocked)
            {
                continue; // stays NotRun
            }

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
                stopped = !target.Definition.ProceedsAfterFailure;
                var message = exception is BuildFailedException ? exception.Message : exception.ToString();
                _console.MarkupLineInterpolated($"[red]Target {target.Name} failed: {message}[/]");
            }

            target.Duration = stopwatch.Elapsed;
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

    private void PrintHelp(List<ExecutableTarget> targets, List<ExecutableTarget> defaults, List<BuildParameter> parameters)
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
            var dependencies = target.DependencyTargets.Count > 0 ? "-> " + string.Join(", ", target.DependsOn) : "";
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
                Markup.Escape($"{parameter.Description} (current: {parameter.FormatValue(build)})".TrimStart()));
        }

        parameterGrid.AddEmptyRow();
        var defaultNames = defaults.Count > 0 ? string.Join(" ", defaults.Select(d => d.Name)) : "none";
        parameterGrid.AddRow("--help", "Shows this help.");
        parameterGrid.AddRow("--root", Markup.Escape($"Repository root (current: {build.RootDirectory})."));
        parameterGrid.AddRow("--skip", "Targets to skip; with no names, skips every target that was not invoked.");
        parameterGrid.AddRow("--target", Markup.Escape($"Targets to invoke, also accepted without --target (default: {defaultNames})."));
        _console.Write(parameterGrid);
    }
}
