namespace EditDistance.Scenarios;

/// <summary>
/// <c>long-input-memory implementation strategy length bound</c>: one distance between two random strings of
/// <c>length</c> CJK ideographs (drawn from 20 000), with <c>bound</c> as max_distance (<c>none</c>: unbounded), and
/// how far it raised the process's peak resident memory. Prints <c>result=N growth_bytes=N</c>.
/// </summary>
/// <remarks>
/// A large alphabet is the case where a naive pattern table grows with (distinct characters × length); the strings
/// are made before the measurement, and a call on short strings first loads the library and compiles the code paths.
/// </remarks>
internal static class LongInputMemory
{
    public static int Run(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("Usage: long-input-memory <csharp|rust|python> <dp|bitparallel> <length> <bound|none>");
            return 2;
        }

        if (!ResidentMemory.Supported)
        {
            Console.WriteLine("unsupported: peak resident memory needs Linux's /proc/self/clear_refs");
            return 0;
        }

        var implementation = Implementations.Create(args[0], args[1]);
        var length = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        int? bound = args[3] == "none" ? null : int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        var a = Cjk(length, seed: 1);
        var b = Cjk(length, seed: 2);
        _ = Measure(implementation, Cjk(2_000, seed: 3), Cjk(2_000, seed: 4), bound);

        var (result, growth) = ResidentMemory.PeakGrowth(() => Measure(implementation, a, b, bound));
        Console.WriteLine($"result={result} growth_bytes={growth}");
        return 0;
    }

    private static int Measure(IEditDistance implementation, string a, string b, int? bound) =>
        bound is { } max ? implementation.Distance(a, b, max) : implementation.Distance(a, b);

    private static string Cjk(int length, int seed)
    {
        var random = new Random(seed);
        return string.Create(length, random, static (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)(0x4E00 + random.Next(20_000));
            }
        });
    }
}
