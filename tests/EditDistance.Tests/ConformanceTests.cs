namespace EditDistance.Tests;

/// <summary>
/// One conformance suite for every implementation × strategy pair: the shared vectors, the error contract, the
/// prepared-corpus lifecycle and thread safety. Each pair gets a two-line subclass in Implementations.cs.
/// </summary>
/// <remarks>
/// xunit creates an instance per test and disposes it afterwards: an implementation that owns resources (the Python
/// one owns Python objects) is released there rather than left to finalizers.
/// </remarks>
public abstract partial class ConformanceTests : IDisposable
{
    protected ConformanceTests(IEditDistance implementation) => Implementation = implementation;

    public void Dispose() => (Implementation as IDisposable)?.Dispose();

    protected IEditDistance Implementation { get; }

    /// <summary>Whether <see cref="ICorpus.Nearest"/> accepts more than one thread.</summary>
    protected virtual bool SupportsThreads => true;

    public static TheoryData<string> DistanceNames => Vectors.Names(Vectors.Distance);

    public static TheoryData<string> BoundedNames => Vectors.Names(Vectors.Bounded);

    public static TheoryData<string> NearestNames => Vectors.Names(Vectors.Nearest);

    [Theory]
    [MemberData(nameof(DistanceNames), MemberType = typeof(ConformanceTests))]
    public void Distance_matches_the_vector_in_both_orders(string name)
    {
        var c = Vectors.Distance[name];
        Assert.Equal(c.Distance, Implementation.Distance(c.A, c.B));
        Assert.Equal(c.Distance, Implementation.Distance(c.B, c.A));
    }

    [Theory]
    [MemberData(nameof(DistanceNames), MemberType = typeof(ConformanceTests))]
    public void Bounded_distance_is_exact_up_to_the_bound_and_bound_plus_one_beyond(string name)
    {
        var c = Vectors.Distance[name];
        foreach (var bound in new[] { 0, c.Distance - 1, c.Distance, c.Distance + 1, int.MaxValue - 1 }.Where(b => b >= 0).Distinct())
        {
            var expected = c.Distance <= bound ? c.Distance : bound + 1;
            Assert.True(expected == Implementation.Distance(c.A, c.B, bound), $"maxDistance {bound}: expected {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(BoundedNames), MemberType = typeof(ConformanceTests))]
    public void Bounded_distance_matches_the_vector(string name)
    {
        var c = Vectors.Bounded[name];
        Assert.Equal(c.Expected, Implementation.Distance(c.A, c.B, c.MaxDistance));
    }

    [Theory]
    [MemberData(nameof(NearestNames), MemberType = typeof(ConformanceTests))]
    public void Nearest_matches_the_vector(string name)
    {
        var c = Vectors.Nearest[name];
        Assert.Equal(c.Expected, Implementation.Nearest(c.Query, c.Corpus, c.K, c.MaxDistance));
    }

    [Theory]
    [MemberData(nameof(NearestNames), MemberType = typeof(ConformanceTests))]
    public void Prepared_corpus_matches_the_vector(string name)
    {
        var c = Vectors.Nearest[name];
        using var corpus = Implementation.CreateCorpus(c.Corpus);
        Assert.Equal(c.Corpus.Count, corpus.Count);
        Assert.Equal(c.Expected, corpus.Nearest(c.Query, c.K, c.MaxDistance));

        // A prepared corpus serves many queries: asking twice must not change the answer.
        Assert.Equal(c.Expected, corpus.Nearest(c.Query, c.K, c.MaxDistance));
    }

    [Fact]
    public void Several_threads_find_what_one_thread_finds()
    {
        // Large enough that every implementation really splits the work (C# splits from 2048 entries per thread).
        var words = Words(20_000, seed: 11);
        using var corpus = Implementation.CreateCorpus(words);
        var expected = corpus.Nearest("kitten", 25);
        Assert.Equal(25, expected.Count);
        if (SupportsThreads)
        {
            Assert.Equal(expected, corpus.Nearest("kitten", 25, threads: 4));
            Assert.Equal(corpus.Nearest("kitten", 25, 3), corpus.Nearest("kitten", 25, 3, threads: 3));
        }
        else
        {
            Assert.Throws<NotSupportedException>(() => corpus.Nearest("kitten", 25, threads: 2));
        }
    }

    [Fact]
    public void Asking_for_int_MaxValue_threads_gives_the_answer_without_a_thread_per_request()
    {
        // 200 000 entries: split into ~780 chunks had the count not been capped at the machine (Rust starts one OS
        // thread per chunk).
        using var corpus = Implementation.CreateCorpus(Words(200_000, seed: 3));
        var expected = corpus.Nearest("kitten", 10);
        if (!SupportsThreads)
        {
            Assert.Throws<NotSupportedException>(() => corpus.Nearest("kitten", 10, threads: int.MaxValue));
            return;
        }

        var (found, peak, before) = WatchingThreads(() => corpus.Nearest("kitten", 10, threads: int.MaxValue));
        Assert.Equal(expected, found);
        // Other test classes run meanwhile and the thread pool may grow for them: a margin, far below ~780.
        Assert.True(peak <= before + Environment.ProcessorCount + 32, $"{peak} threads at the peak, {before} before");
    }

    /// <summary>Runs <paramref name="work"/> while sampling the process's thread count (Linux: /proc; elsewhere 0s).</summary>
    private static (T Result, int Peak, int Before) WatchingThreads<T>(Func<T> work)
    {
        static int Threads() => OperatingSystem.IsLinux()
            ? int.Parse(File.ReadLines("/proc/self/status").First(line => line.StartsWith("Threads:", StringComparison.Ordinal))[8..].Trim())
            : 0;
        var before = Threads();
        var peak = before;
        using var done = new ManualResetEventSlim();
        var watcher = new Thread(() =>
        {
            while (!done.IsSet)
            {
                peak = Math.Max(peak, Threads());
            }
        });
        watcher.Start();
        T result;
        try
        {
            result = work();
            result = work();
        }
        finally
        {
            done.Set();
            watcher.Join();
        }

        // The watcher is one of the threads counted.
        return (result, peak, before + 1);
    }

    [Fact]
    public void Threads_must_be_at_least_one()
    {
        using var corpus = Implementation.CreateCorpus(["a"]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => corpus.Nearest("a", 1, threads: 0));
        Assert.Equal("threads", e.ParamName);
    }

    [Fact]
    public void A_disposed_corpus_refuses_queries_and_can_be_disposed_again()
    {
        var corpus = Implementation.CreateCorpus(["kitten", "sitting"]);
        corpus.Dispose();
        Assert.Throws<ObjectDisposedException>(() => corpus.Nearest("kitten", 1));
        corpus.Dispose();
    }

    [Fact]
    public void Disposing_a_corpus_while_another_thread_queries_it_surfaces_only_ObjectDisposedException()
    {
        var words = Words(500, seed: 13);
        var expected = Implementation.Nearest("kitten", words, 3);
        DisposeRace.Run(100, () => Implementation.CreateCorpus(words), corpus => Assert.Equal(expected, corpus.Nearest("kitten", 3)));
    }

    [Fact]
    public void Concurrent_callers_get_correct_answers()
    {
        var cases = Vectors.Distance.Values.Where(c => c.A.Length + c.B.Length < 400).ToArray();
        using var corpus = Implementation.CreateCorpus(Words(500, seed: 5));
        var expectedNearest = corpus.Nearest("sitting", 5);

        // Every worker checks every case; a data race, a shared scratch buffer or a GIL mistake shows as a wrong
        // answer, an exception or a hang (the test host's timeout).
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            foreach (var c in cases.Skip(worker).Concat(cases.Take(worker)))
            {
                Assert.Equal(c.Distance, Implementation.Distance(c.A, c.B));
            }

            Assert.Equal(expectedNearest, corpus.Nearest("sitting", 5));
        });
    }

    [Fact]
    public void Names_itself()
    {
        Assert.Contains(Implementation.Implementation, new[] { "rust", "csharp", "python", "rust-remote-binary", "rust-remote-json" });
    }

    /// <summary>Deterministic pseudo-words, enough to give nearest real work and many ties.</summary>
    internal static string[] Words(int count, int seed)
    {
        var random = new Random(seed);
        const string letters = "aeioukstnmrlbdg";
        return Enumerable.Range(0, count)
            .Select(_ => new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => letters[random.Next(letters.Length)]).ToArray()))
            .ToArray();
    }
}
