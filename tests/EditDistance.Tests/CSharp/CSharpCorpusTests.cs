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
    public void Astral_and_plain_entries_compare_by_code_point_whatever_the_query(Strategy strategy)
    {
        string[] entries = ["ab", "\U0001F600b", "a\U0001F600", "\U0001F600\U0001F600", "abc", ""];
        using var corpus = new CSharpEditDistance(strategy).CreateCorpus(entries);

        Assert.Equal([new Match(0, 0), new Match(1, 1), new Match(2, 1)], corpus.Nearest("ab", 3));
        Assert.Equal([new Match(3, 0), new Match(1, 1), new Match(2, 1)], corpus.Nearest("\U0001F600\U0001F600", 3));
        Assert.Equal([new Match(1, 1), new Match(2, 1), new Match(3, 1)], corpus.Nearest("\U0001F600", 3, 1));
    }
}
