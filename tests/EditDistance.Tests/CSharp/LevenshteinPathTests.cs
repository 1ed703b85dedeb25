using EditDistance.CSharp;

namespace EditDistance.Tests.CSharp;

/// <summary>
/// The C# implementation picks a code path by element type (char or decoded int) and by pattern length (SIMD
/// lanes up to 16 or 8, one word up to 64, blocks beyond, an uncached table past 4096). Every path must give the
/// same answer as the others; these tests line them up on the lengths where one path hands over to the next.
/// </summary>
public sealed class LevenshteinPathTests
{
    public static TheoryData<int> Lengths => new([0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 128, 129, 4096, 4097]);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Char_and_int_paths_agree_for_both_strategies(int length)
    {
        var random = new Random(length);
        for (var round = 0; round < 20; round++)
        {
            var a = Random(random, length);
            var b = Mutate(random, a);
            var wideA = a.Select(c => (int)c).ToArray();
            var wideB = b.Select(c => (int)c).ToArray();
            var dp = Levenshtein.Distance(Strategy.Dp, a.AsSpan(), b.AsSpan(), int.MaxValue);

            Assert.Equal(dp, Levenshtein.Distance<int>(Strategy.Dp, wideA, wideB, int.MaxValue));
            Assert.Equal(dp, Levenshtein.Distance(Strategy.BitParallel, a.AsSpan(), b.AsSpan(), int.MaxValue));
            Assert.Equal(dp, Levenshtein.Distance<int>(Strategy.BitParallel, wideA, wideB, int.MaxValue));
            foreach (var strategy in new[] { Strategy.Dp, Strategy.BitParallel })
            {
                Assert.Equal(dp <= 2 ? dp : 3, Levenshtein.Distance(strategy, a.AsSpan(), b.AsSpan(), 2));
                Assert.Equal(dp <= 2 ? dp : 3, Levenshtein.Distance<int>(strategy, wideA, wideB, 2));
            }
        }
    }

    [Fact]
    public void Nul_in_the_text_does_not_match_the_padding_of_a_short_pattern()
    {
        // The SIMD path pads the pattern with zero lanes; a NUL in the text matches them, setting bits above the
        // pattern that must never reach the result.
        var implementation = new CSharpEditDistance(Strategy.BitParallel);
        Assert.Equal(4, implementation.Distance("abc", "\0\0\0\0"));
        Assert.Equal(2, implementation.Distance("ab", "\0\0"));
        Assert.Equal(6, implementation.Distance("\U0001F600\U0001F601", "\0\0\0\0\0\0"));
    }

    private static string Random(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => "abc\0\u00e9\u4e00\u4e01"[random.Next(7)]).ToArray());

    private static string Mutate(Random random, string s)
    {
        var chars = s.ToList();
        for (var edit = random.Next(0, 6); edit > 0; edit--)
        {
            var position = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    chars.Insert(position, 'x');
                    break;
                case 1 when position < chars.Count:
                    chars.RemoveAt(position);
                    break;
                case 2 when position < chars.Count:
                    chars[position] = '\u4e02';
                    break;
            }
        }

        return new string([.. chars]);
    }
}
