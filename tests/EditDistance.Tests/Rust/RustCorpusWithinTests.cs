using EditDistance.Rust;

namespace EditDistance.Tests.Rust;

/// <summary>
/// The callback pattern (<see cref="RustCorpus.Within"/> over <c>ed_corpus_within</c>): Rust calls a managed
/// trampoline per match. Checked against the plain distance, and for the ways a callback can go wrong: stopping
/// early, throwing, re-entering the library, disposing the corpus it runs on.
/// </summary>
public sealed class RustCorpusWithinTests
{
    private static readonly string[] Entries =
    [
        .. ConformanceTests.Words(1_500, seed: 11),
        "kitten", "sitting", "", "\U0001F600itten", "k\U0001F600tten\U0001F600", "kitten",
    ];

    private static RustCorpus Create(Strategy strategy, IReadOnlyList<string>? entries = null) =>
        (RustCorpus)new RustEditDistance(strategy).CreateCorpus(entries ?? Entries);

    /// <summary>Every entry within <paramref name="maxDistance"/>, the slow way: one distance per entry.</summary>
    private static List<Match> Filtered(Strategy strategy, string query, int maxDistance, IReadOnlyList<string>? entries = null)
    {
        var distance = new RustEditDistance(strategy);
        return (entries ?? Entries)
            .Select((entry, index) => new Match(index, distance.Distance(query, entry)))
            .Where(m => m.Distance <= maxDistance)
            .ToList();
    }

    [Theory]
    [InlineData(Strategy.Dp)]
    [InlineData(Strategy.BitParallel)]
    public void Reports_exactly_the_entries_within_the_distance_in_corpus_order(Strategy strategy)
    {
        using var corpus = Create(strategy);
        foreach (var query in new[] { "kitten", "", "\U0001F600", "tanemo", "k\U0001F600tten" })
        {
            foreach (var maxDistance in new[] { 0, 1, 2, 4, 100 })
            {
                var found = new List<Match>();
                var visited = corpus.Within(query, maxDistance, m =>
                {
                    found.Add(m);
                    return true;
                });

                Assert.Equal(corpus.Count, visited);
                Assert.Equal(Filtered(strategy, query, maxDistance), found);
                Assert.True(found.Zip(found.Skip(1)).All(p => p.First.Index < p.Second.Index), "not in corpus order");
            }
        }
    }

    [Theory]
    [InlineData(Strategy.Dp)]
    [InlineData(Strategy.BitParallel)]
    public void Returning_false_stops_the_search_after_that_match(Strategy strategy)
    {
        using var corpus = Create(strategy);
        var expected = Filtered(strategy, "kitten", 2);
        Assert.True(expected.Count > 3);

        var found = new List<Match>();
        var visited = corpus.Within("kitten", 2, m =>
        {
            found.Add(m);
            return found.Count < 3;
        });

        Assert.Equal(expected.Take(3), found);
        // Entries are compared up to and including the one that stopped the search, and no further.
        Assert.Equal(expected[2].Index + 1, visited);
    }

    [Fact]
    public void An_empty_result_calls_nothing_and_visits_everything()
    {
        using var corpus = Create(Strategy.BitParallel, ["abc", "abd"]);
        Assert.Equal(2, corpus.Within("xyzxyz", 1, _ => throw new InvalidOperationException("must not be called")));
    }

    private sealed class CallbackFailure(string message) : Exception(message);

    [Theory]
    [InlineData(Strategy.Dp)]
    [InlineData(Strategy.BitParallel)]
    public void An_exception_in_the_callback_stops_the_search_and_reaches_the_caller_unchanged(Strategy strategy)
    {
        using var corpus = Create(strategy);
        var thrown = new CallbackFailure("thrown inside the callback");
        var calls = 0;

        var caught = Assert.Throws<CallbackFailure>(() => corpus.Within("kitten", 2, _ =>
        {
            if (++calls == 2)
            {
                throw thrown;
            }

            return true;
        }));

        // The very object, with the stack trace of where the delegate threw (ExceptionDispatchInfo).
        Assert.Same(thrown, caught);
        Assert.Contains(nameof(An_exception_in_the_callback_stops_the_search_and_reaches_the_caller_unchanged), caught.StackTrace);
        Assert.Equal(2, calls);

        // Rust returned normally (no frame was unwound through), so the process and the corpus are intact.
        var found = new List<Match>();
        Assert.Equal(corpus.Count, corpus.Within("kitten", 2, m => { found.Add(m); return true; }));
        Assert.Equal(Filtered(strategy, "kitten", 2), found);
        Assert.Equal(found.Where(m => m.Distance == 0).Take(1), corpus.Nearest("kitten", 1, 0));
    }

    [Fact]
    public void Framework_exceptions_keep_their_type_too()
    {
        using var corpus = Create(Strategy.Dp);
        Assert.Throws<KeyNotFoundException>(() => corpus.Within("kitten", 1, _ => new Dictionary<int, bool>()[42]));
        Assert.Throws<OperationCanceledException>(() => corpus.Within("kitten", 1, _ => throw new OperationCanceledException()));
    }

    [Theory]
    [InlineData(Strategy.Dp)]
    [InlineData(Strategy.BitParallel)]
    public void The_callback_may_use_the_library_meanwhile(Strategy strategy)
    {
        using var corpus = Create(strategy);
        var distance = new RustEditDistance(strategy);
        var nested = 0;

        var visited = corpus.Within("kitten", 1, m =>
        {
            // A distance (Rust's thread-local scratch) and a whole second search of the same corpus, while the
            // first search is suspended in this callback on the same thread.
            Assert.Equal(distance.Distance("kitten", Entries[m.Index]), m.Distance);
            corpus.Within(Entries[m.Index], 0, inner =>
            {
                Assert.Equal(Entries[m.Index], Entries[inner.Index]);
                nested++;
                return true;
            });
            return true;
        });

        Assert.Equal(corpus.Count, visited);
        Assert.True(nested >= Filtered(strategy, "kitten", 1).Count);
    }

    [Fact]
    public void A_compacting_collection_inside_the_callback_keeps_user_data_valid()
    {
        // user_data points into the caller's stack frame: the stack never moves, and the collector updates the
        // delegate reference it holds, so every later callback still finds the (possibly moved) delegate.
        using var corpus = Create(Strategy.BitParallel);
        var found = new List<Match>();
        var garbage = new List<byte[]>();
        corpus.Within("kitten", 2, m =>
        {
            garbage.Add(new byte[1024]);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            found.Add(m);
            return true;
        });

        Assert.Equal(Filtered(Strategy.BitParallel, "kitten", 2), found);
    }

    [Fact]
    public void The_callback_runs_on_the_calling_thread_one_call_at_a_time()
    {
        using var corpus = Create(Strategy.BitParallel);
        var caller = Environment.CurrentManagedThreadId;
        var running = 0;
        corpus.Within("kitten", 3, _ =>
        {
            Assert.Equal(caller, Environment.CurrentManagedThreadId);
            Assert.Equal(1, Interlocked.Increment(ref running));
            Interlocked.Decrement(ref running);
            return true;
        });
    }

    [Fact]
    public void Disposing_the_corpus_from_the_callback_lets_the_search_finish()
    {
        var corpus = Create(Strategy.BitParallel);
        var found = new List<Match>();

        // The call holds a reference on the SafeHandle, so the native corpus outlives the Dispose until it returns.
        var visited = corpus.Within("kitten", 1, m =>
        {
            corpus.Dispose();
            found.Add(m);
            return true;
        });

        Assert.Equal(Entries.Length, visited);
        Assert.Equal(Filtered(Strategy.BitParallel, "kitten", 1), found);
        Assert.Throws<ObjectDisposedException>(() => corpus.Within("kitten", 1, _ => true));
    }

    [Fact]
    public void Disposed_corpus_throws()
    {
        var corpus = Create(Strategy.Dp);
        corpus.Dispose();
        Assert.Throws<ObjectDisposedException>(() => corpus.Within("kitten", 1, _ => true));
    }

    [Fact]
    public void Invalid_arguments_throw_before_any_callback()
    {
        using var corpus = Create(Strategy.Dp);
        Func<Match, bool> never = _ => throw new InvalidOperationException("must not be called");

        Assert.Equal("onMatch", Assert.Throws<ArgumentNullException>(() => corpus.Within("kitten", 1, null!)).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentNullException>(() => corpus.Within(null!, 1, never)).ParamName);
        Assert.Equal("maxDistance", Assert.Throws<ArgumentOutOfRangeException>(() => corpus.Within("kitten", -1, never)).ParamName);
        // Found by Rust, before the first callback.
        var surrogate = Assert.Throws<ArgumentException>(() => corpus.Within("ki\uD800tten", 1, never));
        Assert.Equal("query", surrogate.ParamName);
        Assert.Contains("index 2", surrogate.Message);
    }
}
