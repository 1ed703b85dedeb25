using System.Reflection;
using EditDistance.Python;
using Python.Runtime;

namespace EditDistance.Tests.Python;

/// <summary>
/// What happens to Python when the process exits, observed in child processes (tests/EditDistance.Scenarios): the
/// process must exit with its own exit code and no "Fatal Python error", whether or not a call is in flight.
/// </summary>
public sealed class PythonExitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public void A_process_that_used_Python_exits_cleanly()
    {
        var outcome = ScenarioProcess.Run("exit-idle", Patience);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.DoesNotContain("Fatal Python error", outcome.StandardError);
        Assert.Contains("distance 3", outcome.StandardOutput);
    }

    [Fact]
    public void Exit_waits_for_a_call_in_flight_and_then_exits_cleanly()
    {
        var outcome = ScenarioProcess.Run("exit-waits-for-call", Patience);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.DoesNotContain("Fatal Python error", outcome.StandardError);
        Assert.Contains("returning from Main with a Python call in flight", outcome.StandardOutput);
        // Written by the call's thread once the call returned: the exit waited for it.
        Assert.Contains("distance ", outcome.StandardOutput);
    }

    [Fact]
    public void Exit_abandons_a_call_still_running_after_the_timeout_and_exits_cleanly()
    {
        var outcome = ScenarioProcess.Run("exit-abandons-call", Patience);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.DoesNotContain("Fatal Python error", outcome.StandardError);
        Assert.Contains("returning from Main with a Python call in flight", outcome.StandardOutput);
        // The call runs for minutes: it was abandoned, not waited for.
        Assert.DoesNotContain("distance ", outcome.StandardOutput);
    }

    [Fact]
    public void An_unknown_scenario_gets_the_usage_and_exit_code_2()
    {
        var outcome = ScenarioProcess.Run("no-such-scenario", Patience);
        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("Unknown scenario 'no-such-scenario'", outcome.StandardError);
        Assert.Contains("exit-idle", outcome.StandardError);
    }

    [Fact]
    public void Pythonnet_exit_handler_is_unsubscribed_with_the_pinned_pythonnet()
    {
        PythonRuntime.Describe();
        Assert.True(PythonRuntime.PythonnetExitHandlerRemoved,
            "PythonEngine.OnProcessExit(object, EventArgs) was not found in this pythonnet: a call running at exit will abort the process.");

        // And really gone from the event (its backing field in .NET 10; the runtime's internals, hence the message).
        var field = typeof(AppDomain).GetField(nameof(AppDomain.ProcessExit), BindingFlags.NonPublic | BindingFlags.Instance);
        Assert.True(field is not null, "This .NET keeps AppDomain.ProcessExit's handlers elsewhere: update the lookup.");
        var handlers = ((Delegate?)field.GetValue(AppDomain.CurrentDomain))?.GetInvocationList() ?? [];
        Assert.DoesNotContain(handlers, handler => handler.Method.DeclaringType == typeof(PythonEngine));
        Assert.Contains(handlers, handler => handler.Method.DeclaringType == typeof(PythonRuntime));
    }

    [Fact]
    public void The_shutdown_timeout_rejects_what_the_wait_cannot_express()
    {
        var initial = PythonRuntime.ShutdownTimeout;
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonRuntime.ShutdownTimeout = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonRuntime.ShutdownTimeout = TimeSpan.MaxValue);
        Assert.Equal(initial, PythonRuntime.ShutdownTimeout);
    }
}
