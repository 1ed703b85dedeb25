using EditDistance.Python;

namespace EditDistance.Scenarios;

/// <summary>
/// Returns from <c>Main</c> while a Python call of about a second is in flight on a background thread: the exit
/// handler waits for it, shuts Python down, and the process exits with code 0 after the call has written its result.
/// </summary>
internal static class ExitWaitsForCall
{
    public static int Run(string[] args)
    {
        // Far longer than the call, even on a slow machine.
        PythonRuntime.ShutdownTimeout = TimeSpan.FromSeconds(60);
        var worker = BackgroundCall.Start(length: 4_000);
        if (worker is null)
        {
            return 3;
        }

        // Subscribed after Python started, so it runs after PythonRuntime's handler, which returns only once the call
        // is over (or abandoned). It lets the worker write its line, which a background thread has no time for when
        // the process ends right away.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => worker.Join(TimeSpan.FromSeconds(10));
        Console.WriteLine("returning from Main with a Python call in flight");
        return 0;
    }
}
