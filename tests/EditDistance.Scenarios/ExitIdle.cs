using EditDistance.Python;

namespace EditDistance.Scenarios;

/// <summary>
/// Uses Python, then returns from <c>Main</c> with no call in flight: the exit handler shuts Python down and the
/// process exits with code 0.
/// </summary>
internal static class ExitIdle
{
    public static int Run(string[] args)
    {
        using var implementation = new PythonEditDistance(Strategy.Dp);
        Console.WriteLine($"distance {implementation.Distance("kitten", "sitting")}");
        return 0;
    }
}
