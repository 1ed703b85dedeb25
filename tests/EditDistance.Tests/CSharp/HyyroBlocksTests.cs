using EditDistance.CSharp;

namespace EditDistance.Tests.CSharp;

/// <summary>
/// The block-wise bit-parallel loop on patterns of more than 64 code points, on the sparse pattern layout of long,
/// large-alphabet patterns, called directly as well as through the entry point.
/// </summary>
public sealed class HyyroBlocksTests
{
    [Fact]
    public void The_sparse_layout_gives_the_same_distances()
    {
        // Above the dense budget with far more than 256 code points beyond Latin-1 (~6 000 distinct in 8 000),
        // against a close copy and an unrelated text, with bounds on both sides of the distance: the block loop and
        // the entry point, both on the sparse layout.
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
                Assert.Equal(expected, Levenshtein.Distance<int>(Strategy.BitParallel, a, text, max));
            }
        }
    }

    private static int[] RandomText(Random random, int length, int[] alphabet) =>
        Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
}
