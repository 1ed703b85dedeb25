using System.Text;
using EditDistance.CSharp;

namespace EditDistance.Tests.CSharp;

/// <summary>
/// The bit-parallel loops on patterns of more than 64 code points that a bound selects: the band in one sliding word
/// (bounds whose band fits 63 rows) and the banded blocks (only the blocks meeting the diagonal band, an assumed +1
/// carry above the first one, blocks joining with +1 deltas, an early exit tied to the band), and the sparse pattern
/// layout of long, large-alphabet patterns. They are called directly, so that every edge is reached whatever the
/// dispatch would pick for a given bound.
/// </summary>
public sealed class HyyroBlocksTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        { 65, 65 }, { 65, 70 }, { 128, 128 }, { 129, 140 }, { 200, 200 }, { 300, 310 }, { 500, 520 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_band_gives_the_exact_distance_within_the_bound_and_more_beyond_it(int n, int m)
    {
        // Every bound from the length gap to m - 1, so that the band's edges are all reached: h = 0, a band of one
        // block, the first and the last blocks clamped. A two-letter alphabet makes long runs of ties, where a wrong
        // carry or a wrong assumed cell shows; the other alphabet sends code points through the hash map, the astral
        // one as decoded ints.
        var random = new Random(n * 1000 + m);
        int[][] alphabets = [[0x61, 0x62], [0x61, 0x62, 0x63, 0x4E00, 0x1F600]];
        foreach (var alphabet in alphabets)
        {
            var a = RandomText(random, n, alphabet);

            // A close copy as well as an unrelated text: bounds around the true distance matter most.
            var close = a.ToList();
            for (var i = 0; i < m - n; i++)
            {
                close.Insert(random.Next(close.Count + 1), alphabet[0]);
            }

            for (var i = 0; i < n / 20; i++)
            {
                close[(i * 37) % m] = alphabet[i % alphabet.Length];
            }

            foreach (var b in new[] { RandomText(random, m, alphabet), close.ToArray() })
            {
                var exact = Textbook(a, b);
                var pm = PatternMatchVectors.Create<int>(a);
                Assert.False(pm.IsSparse);
                for (var max = m - n; max < m; max++)
                {
                    Assert.True(
                        Math.Min(exact, max + 1) == Levenshtein.HyyroBlocksBanded<int>(pm, n, b, max),
                        $"n {n} m {m} max {max} exact {exact}");
                }

                // The same on UTF-16 text, when every code point is one unit.
                if (alphabet.All(c => c <= 0xFFFF))
                {
                    var text = Utf16(b);
                    var pmChars = PatternMatchVectors.Create(Utf16(a).AsSpan());
                    for (var max = m - n; max < m; max += 7)
                    {
                        Assert.Equal(Math.Min(exact, max + 1), Levenshtein.HyyroBlocksBanded(pmChars, n, text.AsSpan(), max));
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(BandWordShapes))]
    public void The_band_word_gives_the_exact_distance_within_the_bound_and_more_beyond_it(int n, int m)
    {
        // Every bound from the length gap (h = 0) to the tallest band the word holds, on a close copy and an unrelated
        // text: two letters (long runs of ties), a mix of Latin, CJK and astral code points (the map, decoded ints), and
        // 300 CJK code points (the map compacted again and again, never more than half full).
        var random = new Random((n * 7) + m);
        int[][] alphabets = [[0x61, 0x62], [0x61, 0x62, 0x63, 0xE9, 0x4E00, 0x1F600], [.. Enumerable.Range(0x4E00, 300)]];
        foreach (var alphabet in alphabets)
        {
            var a = RandomText(random, n, alphabet);
            var close = a.ToList();
            for (var i = 0; i < m - n; i++)
            {
                close.Insert(random.Next(close.Count + 1), alphabet[0]);
            }

            for (var i = 0; i < n / 40; i++)
            {
                close[((i * 37) + 3) % m] = alphabet[random.Next(alphabet.Length)];
            }

            foreach (var b in new[] { close.ToArray(), RandomText(random, m, alphabet) })
            {
                var exact = Textbook(a, b);
                for (var max = m - n; max < m && Levenshtein.BandFitsWord(n, m, max); max++)
                {
                    Assert.True(
                        Math.Min(exact, max + 1) == Levenshtein.HyyroBandWord<int>(a, b, max),
                        $"n {n} m {m} max {max} exact {exact}");
                    Assert.InRange(WindowMasks.ForThread().Taken, 0, 128);
                }

                if (alphabet.All(c => c <= 0xFFFF))
                {
                    var (textA, textB) = (Utf16(a), Utf16(b));
                    for (var max = m - n; max < m && Levenshtein.BandFitsWord(n, m, max); max += 5)
                    {
                        Assert.Equal(Math.Min(exact, max + 1), Levenshtein.HyyroBandWord(textA.AsSpan(), textB.AsSpan(), max));
                    }
                }
            }
        }
    }

    public static TheoryData<int, int> BandWordShapes => new()
    {
        { 65, 65 }, { 65, 70 }, { 100, 100 }, { 128, 131 }, { 129, 129 }, { 200, 230 }, { 500, 505 }, { 1000, 1000 },
    };

    [Fact]
    public void Bounded_distances_through_the_entry_point_match_the_reference()
    {
        // The dispatch between the banded and the full loop, by pattern length and bound, on both element types.
        var random = new Random(5);
        foreach (var (n, m) in new[] { (65, 66), (129, 131), (300, 300), (640, 650), (1000, 1003) })
        {
            var a = RandomText(random, n, [0x61, 0x62, 0x63, 0xE9, 0x4E00]);
            var b = a.ToList();
            for (var i = 0; i < m - n; i++)
            {
                b.Insert(random.Next(b.Count + 1), 0x64);
            }

            for (var i = 0; i < 12; i++)
            {
                b[random.Next(m)] = 0x4E01;
            }

            var stringA = Utf16(a);
            var stringB = Utf16([.. b]);
            var exact = Text.TextbookDistance(stringA, stringB);
            foreach (var max in new[] { 0, 1, 3, 4, 10, 30, exact - 1, exact, exact + 1, 61, 62, 63, 64, 65, 200, int.MaxValue })
            {
                if (max < 0)
                {
                    continue;
                }

                var expected = exact <= max ? exact : max + 1;
                Assert.Equal(expected, Levenshtein.Distance(Strategy.BitParallel, stringA.AsSpan(), stringB.AsSpan(), max));
                Assert.Equal(expected, Levenshtein.Distance<int>(Strategy.BitParallel, a, [.. b], max));
            }
        }
    }

    [Fact]
    public void The_sparse_layout_gives_the_same_distances()
    {
        // Above the dense budget with far more than 256 code points beyond Latin-1 (~6 000 distinct in 8 000),
        // against a close copy and an unrelated text, with bounds on both sides of the distance: the full loop,
        // the banded loop and the entry point, all on the sparse layout.
        var random = new Random(11);
        int[] alphabet = [.. Enumerable.Range(0x4E00, 20_000), 0x61, 0x62, 0x1F600];
        const int n = 8_000;
        var a = RandomText(random, n, alphabet);
        var close = a.ToList();
        for (var i = 0; i < n; i += 211)
        {
            close[i] = alphabet[(i * 7) % alphabet.Length];
        }

        close.Insert(n / 2, 0x62);
        var pm = PatternMatchVectors.Create<int>(a);
        Assert.True(pm.IsSparse);
        foreach (var text in new[] { close.ToArray(), RandomText(random, n + 3, alphabet) })
        {
            var exact = Levenshtein.Distance<int>(Strategy.Dp, a, text, int.MaxValue);
            Assert.Equal(exact, Levenshtein.HyyroBlocksFull<int>(pm, n, text, int.MaxValue));
            Assert.Equal(exact, Levenshtein.Distance<int>(Strategy.BitParallel, a, text, int.MaxValue));
            foreach (var bound in new[] { exact + 5, exact, exact - 1, 40, 3 })
            {
                var max = Math.Max(bound, text.Length - n);
                var expected = Math.Min(exact, max + 1);
                Assert.Equal(expected, Math.Min(Levenshtein.HyyroBlocksFull<int>(pm, n, text, max), max + 1));
                if (max < text.Length)
                {
                    Assert.Equal(expected, Levenshtein.HyyroBlocksBanded<int>(pm, n, text, max));
                }

                Assert.Equal(expected, Levenshtein.Distance<int>(Strategy.BitParallel, a, text, max));
            }
        }
    }

    private static int[] RandomText(Random random, int length, int[] alphabet) =>
        Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();

    private static string Utf16(int[] codePoints)
    {
        var builder = new StringBuilder();
        foreach (var c in codePoints)
        {
            builder.Append(char.ConvertFromUtf32(c));
        }

        return builder.ToString();
    }

    /// <summary>The textbook full-matrix recurrence (<see cref="Text.TextbookDistance"/>) on code points.</summary>
    private static int Textbook(int[] a, int[] b) => Text.TextbookDistance(Utf16(a), Utf16(b));
}
