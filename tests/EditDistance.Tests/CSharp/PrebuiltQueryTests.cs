using EditDistance.CSharp;

namespace EditDistance.Tests.CSharp;

/// <summary>
/// The bit-parallel nearest search builds the query's pattern-match vectors once (queries of 1–64 code points) and
/// steps through each entry as the text, whichever string is longer, without stripping common affixes; longer
/// queries keep the per-pair path. These tests hold both sides of that limit to a brute force over
/// <see cref="Strategy.Dp"/> distances, with surrogate pairs, characters beyond Latin-1 and NUL on either side.
/// </summary>
public sealed class PrebuiltQueryTests
{
    private static readonly IEditDistance Reference = new CSharpEditDistance(Strategy.Dp);

    // Short pieces, so that many entries tie or repeat; astral (hash map), CJK (hash map, BMP) and NUL (row 0).
    private static readonly string[] Pieces = ["a", "b", "ab", "ba", "abc", "\U0001F600", "a\U0001F600b", "", "cab", "abab", "\u4E2D", "\0"];

    /// <summary>Enough entries for two ranges of at least 2048, so that two threads really split the scan.</summary>
    private static string[] Corpus(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(6)).Select(_ => Pieces[random.Next(Pieces.Length)])))
            .ToArray();
    }

    /// <summary>A query of exactly <paramref name="codePoints"/> code points, surrogate pairs included when asked.</summary>
    private static string Query(int codePoints, bool astral)
    {
        var units = Enumerable.Range(0, codePoints).Select(i => (i % 5) switch
        {
            0 => "a",
            1 => "b",
            2 => astral ? "\U0001F600" : "c",
            3 => "\u4E2D",
            _ => "ab"[(i / 5) % 2].ToString(),
        });
        var query = string.Concat(units);
        Assert.Equal(codePoints, Text.CodePoints(query));
        return query;
    }

    public static TheoryData<int, bool> Queries()
    {
        var data = new TheoryData<int, bool>();
        foreach (var length in new[] { 0, 1, 2, 8, 17, 63, 64, 65 })
        {
            data.Add(length, false);
            data.Add(length, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Nearest_equals_brute_force_on_both_sides_of_one_word(int length, bool astral)
    {
        var entries = Corpus(5000, seed: length);
        var query = Query(length, astral);
        var exact = entries.Select(e => Reference.Distance(query, e)).ToArray();
        using var corpus = new CSharpEditDistance(Strategy.BitParallel).CreateCorpus(entries);

        foreach (var max in new int?[] { null, 0, 2, 5 })
        {
            // k larger than the corpus returns every entry within the bound.
            foreach (var k in new[] { 1, 10, 200, entries.Length + 7 })
            {
                var expected = Enumerable.Range(0, entries.Length)
                    .Where(i => max is null || exact[i] <= max)
                    .Select(i => new Match(i, exact[i]))
                    .OrderBy(m => m.Distance).ThenBy(m => m.Index)
                    .Take(k)
                    .ToArray();
                foreach (var threads in new[] { 1, 2 })
                {
                    Assert.Equal(expected, corpus.Nearest(query, k, max, threads));
                }
            }
        }
    }

    [Fact]
    public void Ties_go_to_the_lower_index_and_exact_matches_stop_the_scan()
    {
        string[] entries = ["ac", "ad", "ab", "a", "abc", "xb", "ab"];
        using var corpus = new CSharpEditDistance(Strategy.BitParallel).CreateCorpus(entries);

        Assert.Equal([new Match(2, 0), new Match(6, 0), new Match(0, 1), new Match(1, 1), new Match(3, 1)], corpus.Nearest("ab", 5));
        Assert.Equal([new Match(2, 0), new Match(6, 0)], corpus.Nearest("ab", 2));
        Assert.Equal([new Match(2, 0)], corpus.Nearest("ab", 1));
    }

    [Fact]
    public void Surrogate_pair_entries_count_one_code_point_against_a_plain_query()
    {
        // The query has no surrogate, the corpus does: plain entries are read as UTF-16, decoded ones as ints,
        // through the same table.
        string[] entries = ["\U0001F600bc", "abc", "\U0001F600\U0001F600\U0001F600", "ab", "a\U0001F600c\U0001F600"];
        using var corpus = new CSharpEditDistance(Strategy.BitParallel).CreateCorpus(entries);

        Assert.Equal(
            [new Match(1, 0), new Match(0, 1), new Match(3, 1), new Match(4, 2), new Match(2, 3)],
            corpus.Nearest("abc", 10));
        Assert.Equal([new Match(2, 0), new Match(0, 2), new Match(4, 2)], corpus.Nearest("\U0001F600\U0001F600\U0001F600", 3));
    }

    [Fact]
    public void The_nearest_entry_point_without_a_prepared_corpus_takes_the_same_path()
    {
        var entries = Corpus(300, seed: 9);
        var query = Query(64, astral: true);
        var expected = Reference.Nearest(query, entries, 15, 70);
        Assert.Equal(expected, new CSharpEditDistance(Strategy.BitParallel).Nearest(query, entries, 15, 70));
    }

    [Fact]
    public void Prebuilt_distance_is_exact_in_both_orientations_and_honours_the_bound()
    {
        var random = new Random(17);
        const string alphabet = "abcd\u00E9\u4E2D\0";
        for (var round = 0; round < 2000; round++)
        {
            var pattern = RandomText(random, 1 + random.Next(64), alphabet);
            var text = RandomText(random, random.Next(100), alphabet);
            var wideText = text.Select(c => (int)c).ToArray();
            var exact = Levenshtein.Distance(Strategy.Dp, pattern.AsSpan(), text.AsSpan(), int.MaxValue);

            var fromChars = PatternMatchVectors.Create(pattern.AsSpan());
            var fromInts = PatternMatchVectors.Create<int>(pattern.Select(c => (int)c).ToArray());
            foreach (var vectors in new[] { fromChars, fromInts })
            {
                foreach (var bound in new[] { int.MaxValue, exact, exact - 1, 0, 3 })
                {
                    if (bound < 0)
                    {
                        continue;
                    }

                    var expected = exact <= bound ? exact : bound + 1;
                    Assert.Equal(expected, Levenshtein.DistancePrebuilt(vectors, pattern.Length, text.AsSpan(), bound));
                    Assert.Equal(expected, Levenshtein.DistancePrebuilt<int>(vectors, pattern.Length, wideText, bound));
                }
            }
        }
    }

    private static string RandomText(Random random, int length, string alphabet) =>
        new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
}
