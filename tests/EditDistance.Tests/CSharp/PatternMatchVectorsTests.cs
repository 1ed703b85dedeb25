using EditDistance.CSharp;

namespace EditDistance.Tests.CSharp;

/// <summary>
/// The per-thread pattern table is reused from call to call and cleared selectively: a row left over from an
/// earlier pattern would be a wrong match mask, that is a wrong distance, with no crash to reveal it.
/// </summary>
public sealed class PatternMatchVectorsTests
{
    [Fact]
    public void Rows_hold_the_positions_of_each_code_point()
    {
        var vectors = PatternMatchVectors.For<int>([0x61, 0x4E00, 0x61, 0x1F600]);

        Assert.Equal(0b0101UL, vectors.Words[vectors.Row(0x61)]);
        Assert.Equal(0b0010UL, vectors.Words[vectors.Row(0x4E00)]);
        Assert.Equal(0b1000UL, vectors.Words[vectors.Row(0x1F600)]);
        Assert.Equal(0UL, vectors.Words[vectors.Row(0x62)]);
        Assert.Equal(PatternMatchVectors.ZeroRow, vectors.Row(0x4E01));
    }

    [Fact]
    public void A_new_pattern_sees_nothing_of_the_previous_one()
    {
        // Many distinct code points above 255 fill the hash map and force probe chains; then a short pattern must
        // find none of them, and none of the direct rows the long pattern set.
        var wide = Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? 0x4E00 + (i * 37) : 0x20 + (i % 90)).ToArray();
        var first = PatternMatchVectors.For<int>(wide);
        Assert.Equal(5, first.Blocks);
        foreach (var (codePoint, position) in wide.Select((c, i) => (c, i)))
        {
            var block = first.Words[(first.Row(codePoint) * first.Blocks) + (position >> 6)];
            Assert.NotEqual(0UL, block & (1UL << position));
        }

        var second = PatternMatchVectors.For<int>([0x7A]);
        Assert.Equal(1, second.Blocks);
        Assert.Equal(1UL, second.Words[second.Row(0x7A)]);
        foreach (var codePoint in wide)
        {
            Assert.Equal(0UL, second.Words[second.Row(codePoint)]);
        }
    }

    [Fact]
    public void A_long_pattern_with_a_large_alphabet_takes_memory_proportional_to_its_length()
    {
        // 20 000 code points drawn from 20 000 CJK ideographs: dense rows would be ~12 600 distinct code points x 313
        // words (32 MB, 1 600 bytes per pattern code point); the sparse layout stays within a small multiple of the
        // length.
        var random = new Random(23);
        const int n = 20_000;
        var cjk = new string(Enumerable.Range(0, n).Select(_ => (char)(0x4E00 + random.Next(20_000))).ToArray());
        var vectors = PatternMatchVectors.Create(cjk.AsSpan());
        Assert.True(vectors.HeapBytes() / n <= 96, $"{vectors.HeapBytes() / n} bytes per pattern code point");
        Assert.True(vectors.IsSparse);

        // A small alphabet at the same length stays dense (one probe per text character), and as small.
        var latinAndGreek = "abcdefghijklmnopqrstuvwxyz\u03B1\u03B2\u03B3\u03B4\u03B5\u03B6\u03B7\u03B8\u03B9\u03BA\u03BB\u03BC";
        var small = new string(Enumerable.Range(0, n).Select(_ => latinAndGreek[random.Next(latinAndGreek.Length)]).ToArray());
        vectors = PatternMatchVectors.Create(small.AsSpan());
        Assert.True(vectors.HeapBytes() / n <= 96, $"{vectors.HeapBytes() / n} bytes per pattern code point");
        Assert.False(vectors.IsSparse);
    }

    [Fact]
    public void Two_long_random_cjk_strings_with_a_bound_take_little_memory_and_the_exact_answer()
    {
        // 200 000 random CJK characters: the dense rows alone would be ~20 000 rows x 3 125 words, 500 MB. Four
        // characters that never occur in the pattern (three substitutions and an insertion) make the distance
        // exactly 4: each needs an edit of its own, and those four edits suffice.
        var random = new Random(29);
        const int n = 200_000;
        var a = Enumerable.Range(0, n).Select(_ => (char)(0x4E00 + random.Next(20_000))).ToArray();
        var b = a.ToList();
        b[1_000] = 'x';
        b[70_000] = 'y';
        b[150_000] = 'z';
        b.Insert(199_000, 'w');
        var implementation = new CSharpEditDistance(Strategy.BitParallel);
        var stringA = new string(a);
        var stringB = new string([.. b]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(4, implementation.Distance(stringA, stringB, 10));
        Assert.Equal(3, implementation.Distance(stringA, stringB, 2));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 32L << 20, $"{allocated >> 20} MiB allocated");
    }

    [Fact]
    public void Patterns_too_long_to_cache_get_their_own_table()
    {
        var cached = PatternMatchVectors.For<char>("ab");
        var huge = PatternMatchVectors.For<char>(new string('x', 5000));
        Assert.NotSame(cached, huge);
        Assert.Same(cached, PatternMatchVectors.For<char>("cd"));
    }
}
