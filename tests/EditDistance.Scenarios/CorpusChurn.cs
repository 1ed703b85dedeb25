namespace EditDistance.Scenarios;

/// <summary>
/// <c>corpus-churn implementation cycles</c>: creates, queries and disposes a small corpus <c>cycles</c> times and
/// prints the memory outside the managed heap and the live managed bytes halfway and at the end
/// (<c>unmanaged_growth=N managed_growth=N</c>, bytes). A handle or object that is never released (a missing
/// <c>ed_corpus_free</c>, a Python reference never dropped, a managed cache) makes the second half grow with the
/// cycles; the first half lets every pool and heap reach its working size.
/// </summary>
/// <remarks>
/// Run it with tiered compilation off (<c>DOTNET_TieredCompilation=0</c>): recompiling hot methods in the background
/// otherwise adds megabytes of code for the first few hundred thousand cycles, which would hide a small leak.
/// </remarks>
internal static class CorpusChurn
{
    public static int Run(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("Usage: corpus-churn <csharp|rust|python> <cycles>");
            return 2;
        }

        var implementation = Implementations.Create(args[0], "bitparallel");
        var cycles = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        // ~400 code units of text per corpus, so that a corpus leaked per cycle adds tens of megabytes.
        string[] entries = [.. Enumerable.Range(0, 40).Select(i => $"entry {i} {new string((char)('a' + (i % 26)), i % 7)}")];
        (long Unmanaged, long LiveManaged) half = default;
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            using (var corpus = implementation.CreateCorpus(entries))
            {
                if (corpus.Nearest("entry 7", 1)[0].Index != 7)
                {
                    Console.Error.WriteLine($"Wrong answer in cycle {cycle}.");
                    return 1;
                }
            }

            if (cycle == cycles / 2)
            {
                half = ResidentMemory.Split();
            }
        }

        var end = ResidentMemory.Split();
        Console.WriteLine($"unmanaged_growth={end.Unmanaged - half.Unmanaged} managed_growth={end.LiveManaged - half.LiveManaged}");
        return 0;
    }
}
