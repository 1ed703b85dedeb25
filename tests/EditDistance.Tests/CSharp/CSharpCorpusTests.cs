using EditDistance.CSharp;

namespace EditDistance.Tests.CSharp;

/// <summary>The prepared corpus's own mechanics: range partitioning across threads and mixed UTF-16/decoded entries.</summary>
public sealed class CSharpCorpusTests
{
    [Theory]
    [InlineData(Strategy.Dp)]
    [InlineData(Strategy.BitParallel)]
    public void Partitions_merge_to_the_single_thread_answer(Strategy strategy)
    {
        // Large enough to be split (ranges of at least 2048 entries), with many ties across range boundaries.
        var words = ConformanceTests.Words(20_000, seed: 3);
        using var corpus = new CSharpEditDistance(strategy).CreateCorpus(words);
        foreach (var query in new[] { "kitten", "a", "" })
        {
            foreach (var (k, max) in new (int, int?)[] { (1, null), (40, null), (500, 2), (20_000, 1) })
            {
                var expected = corpus.Nearest(query, k, max);
                for (var threads = 2; threads <= 5; threads++)
                {
                    Assert.Equal(expected, corpus.Nearest(query, k, max, threads));
                }
            }
        }
    }

    [Theory]
    [InlineData(Strategy.Dp)]
    [InlineData(Strategy.BitParallel)]
    public void Any_thread_count_up_to_int_max_gives_the_single_thread_answer(Strategy strategy)
    {
        var words = ConformanceTests.Words(20_000, seed: 7);
        using var corpus = new CSharpEditDistance(strategy).CreateCorpus(words);
        foreach (var (k, max) in new (int, int?)[] { (10, null), (300, 2) })
        {
            var expected = corpus.Nearest("kitten", k, max);
            Assert.Equal(expected, corpus.Nearest("kitten", k, max, int.MaxValue));
            Assert.Equal(expected, corpus.Nearest("kitten", k, max, 1_000));
        }
    }

    [Fact]
    public void Searches_never_split_beyond_the_processor_count_or_what_the_entries_justify()
    {
        var cores = Environment.ProcessorCount;
        Assert.Equal(Math.Min(cores, 1_000_000 / 2048), CSharpCorpus.Partitions(int.MaxValue, 1_000_000));
        Assert.Equal(Math.Min(cores, 2), CSharpCorpus.Partitions(2, 1_000_000));
        Assert.Equal(1, CSharpCorpus.Partitions(int.MaxValue, 4_000));
        Assert.Equal(1, CSharpCorpus.Partitions(1, 1_000_000));
        Assert.Equal(1, CSharpCorpus.Partitions(int.MaxValue, 0));
    }

    [Theory]
    [InlineData(Strategy.Dp)]
    [InlineData(Strategy.BitParallel)]
    public void Astral_and_plain_entries_compare_by_code_point_whatever_the_query(Strategy strategy)
    {
        string[] entries = ["ab", "\U0001F600b", "a\U0001F600", "\U0001F600\U0001F600", "abc", ""];
        using var corpus = new CSharpEditDistance(strategy).CreateCorpus(entries);

        Assert.Equal([new Match(0, 0), new Match(1, 1), new Match(2, 1)], corpus.Nearest("ab", 3));
        Assert.Equal([new Match(3, 0), new Match(1, 1), new Match(2, 1)], corpus.Nearest("\U0001F600\U0001F600", 3));
        Assert.Equal([new Match(1, 1), new Match(2, 1), new Match(3, 1)], corpus.Nearest("\U0001F600", 3, 1));
    }
}
