using EditDistance.Python;

namespace EditDistance.Scenarios;

/// <summary>A long <see cref="PythonEditDistance.Distance(string, string)"/> (Python's dp) running on a background thread.</summary>
internal static class BackgroundCall
{
    /// <summary>
    /// Starts the call on two strings of <paramref name="length"/> code points (length² cells of work: 4,000 take
    /// under a second, 40,000 over a minute) and returns once it is inside Python. The thread writes
    /// "distance N" when the call returns.
    /// </summary>
    /// <returns>The thread, or null (with a message on stderr) if the call finished before it could be observed running.</returns>
    public static Thread? Start(int length)
    {
        var a = Text(length, seed: 1);
        var b = Text(length, seed: 2);
        var implementation = new PythonEditDistance(Strategy.Dp);
        using var started = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            started.Set();
            Console.WriteLine($"distance {implementation.Distance(a, b)}");
        })
        {
            // A foreground thread would keep the process alive until the call returns, whatever Main does.
            IsBackground = true,
            Name = "Python call",
        };
        worker.Start();
        started.Wait();
        // The argument checks and conversions take microseconds: after this the worker is inside Python's loop.
        Thread.Sleep(TimeSpan.FromMilliseconds(100));
        if (!worker.IsAlive)
        {
            Console.Error.WriteLine($"The Python call on {length} code points finished before it could be observed running, so this run tests nothing: lengthen the strings.");
            return null;
        }

        return worker;
    }

    private static string Text(int length, int seed)
    {
        var random = new Random(seed);
        return string.Create(length, random, static (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)random.Next('a', 'z' + 1);
            }
        });
    }
}
