using EditDistance.CSharp;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EditDistance.Tests.CSharp;

/// <summary>
/// Tests that set <see cref="Lanes.ForcedWidth"/>, which every C# search in the process reads: they run alone, after
/// the parallel collections, so that no other test's search takes a forced path or sees the override change under it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LanesWidthCollection
{
    public const string Name = "Lanes.ForcedWidth";
}

/// <summary>
/// The lanes (many short entries per SIMD instruction) against a brute force over <see cref="Strategy.Dp"/> distances,
/// at every vector width this machine runs and with the lanes forced off: lengths at each class's edges, groups left
/// partly empty, ties between groups, astral and mixed-script text, queries too long for 8-bit scores.
/// </summary>
[Collection(LanesWidthCollection.Name)]
public sealed class LanesTests
{
    private static readonly IEditDistance Reference = new CSharpEditDistance(Strategy.Dp);

    /// <summary>The widths of the paths: 0 is the scalar path; 128 and 256 run as far as the hardware goes.</summary>
    public static TheoryData<int> Widths => new(0, 128, 256);

    // One code point each: Latin, Latin-1, Cyrillic, CJK, and two astral ones (surrogate pairs in UTF-16).
    private static readonly string[] Mixed = ["a", "b", "\u00E9", "\u0436", "\u4E2D", "\U0001F600", "\U00020000"];

    private static readonly string[] Latin = ["a", "b", "c", "d"];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Entries_at_every_class_edge_equal_brute_force(int width)
    {
        foreach (var alphabet in new[] { Latin, Mixed })
        {
            var random = new Random(width + alphabet.Length);
            int[] lengths = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

            // 37 entries of each length (no class fills its last group), in shuffled order so that the groups, sorted
            // by length, do not follow the indices.
            var entries = lengths.SelectMany(length => Enumerable.Range(0, 37).Select(_ => Word(random, length, alphabet))).ToArray();
            random.Shuffle(entries);

            // Edited copies of entries (distances 0–4 exist), and queries longer than every entry, beyond what 8-bit
            // scores hold too (191 with the class rule, 255 at all).
            var queries = new List<string>();
            foreach (var length in lengths)
            {
                var entry = entries.First(e => Text.CodePoints(e) == length);
                queries.Add(Edit(random, entry, random.Next(5), alphabet));
            }

            queries.AddRange([Word(random, 100, alphabet), Word(random, 192, alphabet), Word(random, 300, alphabet)]);
            using var corpus = new CSharpEditDistance(Strategy.BitParallel).CreateCorpus(entries);
            foreach (var query in queries)
            {
                var distances = entries.Select(e => Reference.Distance(query, e)).ToArray();
                foreach (var k in new[] { 1, 3, 10, 40, entries.Length })
                {
                    foreach (var max in new int?[] { null, 0, 1, 2, 3, 4 })
                    {
                        Assert.Equal(BruteForce(distances, k, max), At(width, () => corpus.Nearest(query, k, max)));
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Ties_between_groups_go_to_the_lower_index(int width)
    {
        // Equal distances everywhere: copies of the query and of one-edit neighbours of every length class, spread so
        // that the groups (sorted by length) meet them out of index order, and the k-th place is always a tie.
        string[] pieces = ["abcd", "abc", "abcde", "abxd", "xabcd", "bcd", "abcdabcdab", "abcdabcdabcdabcdabc"];
        var random = new Random(5);
        var entries = Enumerable.Range(0, 301).Select(_ => pieces[random.Next(pieces.Length)]).ToArray();
        using var corpus = new CSharpEditDistance(Strategy.BitParallel).CreateCorpus(entries);
        foreach (var query in new[] { "abcd", "abc", "abcdabcdab" })
        {
            var distances = entries.Select(e => Reference.Distance(query, e)).ToArray();
            for (var k = 1; k <= entries.Length; k += 7)
            {
                foreach (var max in new int?[] { null, 0, 1, 6 })
                {
                    Assert.Equal(BruteForce(distances, k, max), At(width, () => corpus.Nearest(query, k, max)));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Every_split_gives_the_single_thread_answer(int width)
    {
        // Each part takes every parts-th group and its share of the entries left to the scalar path (the empty ones
        // and those beyond 64 code points here); more parts than this machine may have cores.
        var words = ConformanceTests.Words(5_000, seed: 5).Concat(["", new string('a', 70), "kitten"]).ToArray();
        using var corpus = (CSharpCorpus)new CSharpEditDistance(Strategy.BitParallel).CreateCorpus(words);
        foreach (var query in new[] { "kitten", "a", "", "dmitrikuznetsov", new string('a', 68) })
        {
            foreach (var (k, max) in new (int, int?)[] { (1, null), (10, null), (500, 2), (5_000, 1) })
            {
                var expected = At(0, () => corpus.Nearest(query, k, max));
                for (var parts = 1; parts <= 7; parts++)
                {
                    Assert.Equal(expected, At(width, () => corpus.NearestInParts(query, false, k, max, parts)));
                }

                Assert.Equal(expected, At(width, () => corpus.Nearest(query, k, max, threads: 4)));
            }
        }
    }

    [Fact]
    public void Lane_tables_take_at_most_the_budget_per_code_point()
    {
        // Words in a small alphabet: every class gets its tables.
        var words = ConformanceTests.Words(20_000, seed: 9);
        using var wordCorpus = (CSharpCorpus)new CSharpEditDistance(Strategy.BitParallel).CreateCorpus(words);
        if (Lanes.DetectedWidth == 0)
        {
            Assert.Null(wordCorpus.LaneTables);
            return;
        }

        var tables = wordCorpus.LaneTables!;
        Assert.Equal(words.Length, tables.LaneEntries());
        Assert.InRange(tables.TableBytes(), 1, Lanes.LaneTableBudget * words.Sum(w => (long)w.Length));

        // Short entries in 20 000 CJK ideographs: a row for every distinct one in every group would take thousands of
        // bytes per code point, so those classes stay on the scalar path, and the answers stay right.
        var random = new Random(29);
        var cjk = Enumerable.Range(0, 5_000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)(0x4E00 + random.Next(20_000))).ToArray()))
            .ToArray();
        using var cjkCorpus = (CSharpCorpus)new CSharpEditDistance(Strategy.BitParallel).CreateCorpus(cjk);
        var cjkTables = cjkCorpus.LaneTables!;
        Assert.True(cjkTables.LaneEntries() < cjk.Length);
        Assert.InRange(cjkTables.TableBytes(), 0, Lanes.LaneTableBudget * cjk.Sum(w => (long)w.Length));
        var query = cjk[17];
        var distances = cjk.Select(e => Reference.Distance(query, e)).ToArray();
        Assert.Equal(BruteForce(distances, 10, null), cjkCorpus.Nearest(query, 10));
    }

    [Fact]
    public void Wagner_Fischer_corpora_build_no_lane_tables()
    {
        using var corpus = (CSharpCorpus)new CSharpEditDistance(Strategy.Dp).CreateCorpus(["abc", "abd"]);
        Assert.Null(corpus.LaneTables);
    }

    [Fact]
    public void The_forced_width_is_0_128_256_or_none_and_never_above_the_hardware()
    {
        var saved = Lanes.ForcedWidth;
        try
        {
            foreach (var width in new int?[] { 0, 128, 256 })
            {
                Lanes.ForcedWidth = width;
                Assert.Equal(width, Lanes.ForcedWidth);
                Assert.Equal(Math.Min(width!.Value, Lanes.DetectedWidth), Lanes.Width);
            }

            Lanes.ForcedWidth = null;
            Assert.Equal(Lanes.DetectedWidth, Lanes.Width);
            Assert.Throws<ArgumentOutOfRangeException>(() => Lanes.ForcedWidth = 64);
            Assert.Throws<ArgumentOutOfRangeException>(() => Lanes.ForcedWidth = 512);
            Assert.Null(Lanes.ForcedWidth);
        }
        finally
        {
            Lanes.ForcedWidth = saved;
        }
    }

    [Property(MaxTest = 200)]
    public Property Every_width_gives_the_scalar_answer() =>
        Prop.ForAll(
            Text.Strings,
            Gen.Choose(0, 70).SelectMany(count => Gen.ArrayOf(Text.Strings.Generator, count)).ToArbitrary(),
            Gen.Zip(Gen.Choose(0, 20), Gen.Choose(-1, 6)).ToArbitrary(),
            (query, entries, limits) =>
            {
                var (k, bound) = limits;
                int? max = bound < 0 ? null : bound;
                using var corpus = new CSharpEditDistance(Strategy.BitParallel).CreateCorpus(entries);
                var scalar = At(0, () => corpus.Nearest(query, k, max));
                return new[] { 128, 256 }.All(width => scalar.SequenceEqual(At(width, () => corpus.Nearest(query, k, max))));
            });

    /// <summary>Runs <paramref name="search"/> at <paramref name="width"/>, then restores the override.</summary>
    private static IReadOnlyList<Match> At(int width, Func<IReadOnlyList<Match>> search)
    {
        var saved = Lanes.ForcedWidth;
        try
        {
            Lanes.ForcedWidth = width;
            return search();
        }
        finally
        {
            Lanes.ForcedWidth = saved;
        }
    }

    /// <summary>The contract's answer from every entry's distance: within the bound, by distance then index, k of them.</summary>
    private static Match[] BruteForce(int[] distances, int k, int? max) =>
        distances
            .Select((distance, index) => new Match(index, distance))
            .Where(m => max is null || m.Distance <= max)
            .OrderBy(m => m.Distance).ThenBy(m => m.Index)
            .Take(k)
            .ToArray();

    private static string Word(Random random, int length, string[] alphabet) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));

    /// <summary><paramref name="text"/> after <paramref name="edits"/> random insertions, deletions and substitutions.</summary>
    private static string Edit(Random random, string text, int edits, string[] alphabet)
    {
        var codePoints = text.EnumerateRunes().Select(r => r.ToString()).ToList();
        for (var e = 0; e < edits; e++)
        {
            var position = random.Next(codePoints.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    codePoints.Insert(position, alphabet[random.Next(alphabet.Length)]);
                    break;
                case 1 when position < codePoints.Count:
                    codePoints.RemoveAt(position);
                    break;
                default:
                    if (position < codePoints.Count)
                    {
                        codePoints[position] = alphabet[random.Next(alphabet.Length)];
                    }

                    break;
            }
        }

        return string.Concat(codePoints);
    }
}
