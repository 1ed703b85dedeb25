using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EditDistance.Tests;

/// <summary>
/// Runs a scenario of tests/EditDistance.Scenarios in a child process, for behaviour only a whole process shows
/// (exit codes, process exit, peak memory).
/// </summary>
/// <remarks>
/// The test project references the scenarios project, so the build copies EditDistance.Scenarios.dll with its
/// runtimeconfig.json and deps.json next to the test assembly: a build of the tests is always a build of the
/// scenarios it runs. The child runs on the same <c>dotnet</c> as this test host and inherits its environment
/// (EDIT_DISTANCE_PYTHON and the like).
/// </remarks>
internal static class ScenarioProcess
{
    /// <summary>What the child process did.</summary>
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
    {
        public override string ToString() =>
            $"exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s{Environment.NewLine}" +
            $"--- stdout ---{Environment.NewLine}{StandardOutput}{Environment.NewLine}" +
            $"--- stderr ---{Environment.NewLine}{StandardError}";
    }

    private static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "EditDistance.Scenarios.dll");

    /// <summary>Runs <paramref name="scenario"/> and waits for it to exit; kills it and fails after <paramref name="timeout"/>.</summary>
    public static Outcome Run(string scenario, TimeSpan timeout, params string[] arguments) =>
        Run(scenario, timeout, new Dictionary<string, string>(), arguments);

    /// <summary><see cref="Run(string, TimeSpan, string[])"/> with <paramref name="environment"/> added to the inherited variables.</summary>
    public static Outcome Run(string scenario, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        Assert.True(File.Exists(Assembly), $"{Assembly} is missing: the test project's reference to EditDistance.Scenarios should have copied it.");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Assembly);
        start.ArgumentList.Add(scenario);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{start.FileName}' did not start.");
        // Both pipes are drained concurrently: a child blocked on a full stderr pipe would never exit.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"Scenario '{scenario}' did not exit within {timeout.TotalSeconds} s.{Environment.NewLine}" +
                $"--- stdout ---{Environment.NewLine}{output.Result}{Environment.NewLine}--- stderr ---{Environment.NewLine}{error.Result}");
        }

        process.WaitForExit(); // the parameterless overload also waits for the redirected streams to close
        return new Outcome(process.ExitCode, output.Result, error.Result, clock.Elapsed);
    }

    /// <summary>The dotnet muxer running this test host: the one the SDK names in DOTNET_HOST_PATH, else the root of this runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        // The runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/, the muxer in <root>.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(muxer) ? muxer : "dotnet";
    }
}
