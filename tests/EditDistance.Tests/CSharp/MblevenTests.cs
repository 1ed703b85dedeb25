using System.Text;
using EditDistance.CSharp;

namespace EditDistance.Tests.CSharp;

/// <summary>
/// mbleven, which answers bounds up to 3 in the bit-parallel strategy: the models it generates, the walks called
/// directly on input the front has not stripped, and the front's dispatch on both element types at the lengths where
/// the other paths hand over.
/// </summary>
public sealed class MblevenTests
{
    [Fact]
    public void The_models_follow_the_rule()
    {
        // Sequences of max edits over {substitute, delete, insert} with deletes - inserts = gap.
        int[][] counts = [[1], [1, 1], [3, 2, 1], [7, 6, 3, 1]];
        for (var max = 0; max <= Levenshtein.MblevenMaxBound; max++)
        {
            for (var gap = 0; gap <= max; gap++)
            {
                var models = Levenshtein.MblevenModels.For(max, gap).ToArray();
                Assert.Equal(counts[max][gap], models.Length);
                foreach (var model in models)
                {
                    var edits = Enumerable.Range(0, max).Select(k => (model >> (2 * k)) & 3).ToArray();
                    Assert.DoesNotContain(0, edits);
                    Assert.Equal(0, model >> (2 * max));
                    Assert.Equal(gap, edits.Count(e => e == 0b10) - edits.Count(e => e == 0b01));
                }
            }
        }

        Assert.Equal(0b11_11_11, Levenshtein.MblevenModels.For(3, 0)[0]);
    }

    [Fact]
    public void Every_bound_matches_the_textbook_recurrence_on_unstripped_input()
    {
        // Called directly, without the front: common ends, equal strings and empty strings reach the walks too. A
        // two-letter alphabet makes many equally cheap alignments, where a missing model would show.
        var random = new Random(3);
        int[][] alphabets = [[0x61, 0x62], [0x61, 0x62, 0x63, 0x4E00, 0x1F600]];
        foreach (var alphabet in alphabets)
        {
            for (var round = 0; round < 3000; round++)
            {
                var a = Enumerable.Range(0, random.Next(9)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToList();
                var b = a.ToList();
                for (var edit = random.Next(5); edit > 0; edit--)
                {
                    var at = random.Next(b.Count + 1);
                    var c = alphabet[random.Next(alphabet.Length)];
                    switch (random.Next(3))
                    {
                        case 0:
                            b.Insert(at, c);
                            break;
                        case 1 when at < b.Count:
                            b.RemoveAt(at);
                            break;
                        case 2 when at < b.Count:
                            b[at] = c;
                            break;
                    }
                }

                var (shorter, longer) = a.Count <= b.Count ? (a.ToArray(), b.ToArray()) : (b.ToArray(), a.ToArray());
                var exact = Text.TextbookDistance(Utf16(shorter), Utf16(longer));
                for (var max = longer.Length - shorter.Length; max <= Levenshtein.MblevenMaxBound; max++)
                {
                    Assert.True(
                        Math.Min(exact, max + 1) == Levenshtein.Mbleven<int>(shorter, longer, max),
                        $"{Utf16(shorter)} / {Utf16(longer)} within {max}");
                }
            }
        }
    }

    public static TheoryData<int> Lengths => new([1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000]);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Small_bounds_through_the_front_agree_with_dp(int length)
    {
        // Edits at the ends (nothing stripped), anywhere, or insertions only (the shorter side strips to nothing); the
        // mixed alphabet has astral code points, so its strings go through the decoded int path.
        var random = new Random(length);
        string[] alphabets = ["abcd", "ab\u00e9\u03b1\u0431\u4e00\U0001F600\U0001F601\U00020000"];
        foreach (var alphabet in alphabets)
        {
            var codePoints = alphabet.EnumerateRunes().Select(r => r.ToString()).ToArray();
            for (var round = 0; round < 12; round++)
            {
                var a = Enumerable.Range(0, length).Select(_ => codePoints[random.Next(codePoints.Length)]).ToList();
                var b = a.ToList();
                if (round % 4 == 0)
                {
                    b[0] = codePoints[random.Next(codePoints.Length)];
                    b[^1] = codePoints[random.Next(codePoints.Length)];
                }

                for (var edit = random.Next(1, 5); edit > 0; edit--)
                {
                    var at = random.Next(b.Count + 1);
                    var c = codePoints[random.Next(codePoints.Length)];
                    if (round % 4 == 1 || at == b.Count || random.Next(3) == 0)
                    {
                        b.Insert(at, c);
                    }
                    else if (random.Next(2) == 0)
                    {
                        b.RemoveAt(at);
                    }
                    else
                    {
                        b[at] = c;
                    }
                }

                var (stringA, stringB) = (string.Concat(a), string.Concat(b));
                var wideA = stringA.EnumerateRunes().Select(r => r.Value).ToArray();
                var wideB = stringB.EnumerateRunes().Select(r => r.Value).ToArray();
                var exact = Levenshtein.Distance<int>(Strategy.Dp, wideA, wideB, int.MaxValue);
                foreach (var max in Enumerable.Range(0, 5).Concat([exact - 1, exact, exact + 1]).Where(m => m >= 0))
                {
                    var expected = Math.Min(exact, max + 1);
                    Assert.Equal(expected, Levenshtein.Distance<int>(Strategy.Dp, wideA, wideB, max));
                    Assert.Equal(expected, Levenshtein.Distance<int>(Strategy.BitParallel, wideA, wideB, max));
                    Assert.Equal(expected, Levenshtein.Distance<int>(Strategy.BitParallel, wideB, wideA, max));
                    if (!stringA.Any(char.IsSurrogate) && !stringB.Any(char.IsSurrogate))
                    {
                        Assert.Equal(expected, Levenshtein.Distance(Strategy.BitParallel, stringA.AsSpan(), stringB.AsSpan(), max));
                    }
                }
            }
        }
    }

    private static string Utf16(int[] codePoints)
    {
        var builder = new StringBuilder();
        foreach (var c in codePoints)
        {
            builder.Append(char.ConvertFromUtf32(c));
        }

        return builder.ToString();
    }
}
