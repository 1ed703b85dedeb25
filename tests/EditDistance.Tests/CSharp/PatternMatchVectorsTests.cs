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
    public void Patterns_too_long_to_cache_get_their_own_table()
    {
        var cached = PatternMatchVectors.For<char>("ab");
        var huge = PatternMatchVectors.For<char>(new string('x', 5000));
        Assert.NotSame(cached, huge);
        Assert.Same(cached, PatternMatchVectors.For<char>("cd"));
    }
}
