using EditDistance.Python;

namespace EditDistance.Scenarios;

/// <summary>
/// Returns from <c>Main</c> while a Python call that would run for minutes is in flight on a background thread: the
/// exit handler waits <see cref="PythonRuntime.ShutdownTimeout"/>, then abandons the call without shutting Python
/// down, and the process exits with code 0, not with "Fatal Python error" (exit code 134).
/// </summary>
internal static class ExitAbandonsCall
{
    public static int Run(string[] args)
    {
        // Short, so that the run takes seconds rather than the default 10 s.
        PythonRuntime.ShutdownTimeout = TimeSpan.FromSeconds(1);
        if (BackgroundCall.Start(length: 40_000) is null)
        {
            return 3;
        }

        Console.WriteLine("returning from Main with a Python call in flight");
        return 0;
    }
}
