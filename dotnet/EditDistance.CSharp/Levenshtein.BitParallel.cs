using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EditDistance.CSharp;

// Myers' bit-vector algorithm (1999) in Hyyrö's formulation for the edit distance of two whole strings
// (Hyyrö 2001, "Explaining and extending the bit-parallel approximate string matching algorithm of Myers";
// block-wise: Hyyrö 2003 / Myers' "advance_block").
//
// The DP matrix has a row per pattern position and a column per text character. Adjacent cells differ by
// -1, 0 or +1, so a column is fully described by its vertical deltas, stored as two bit vectors:
// VP (bit i set: D[i][j] - D[i-1][j] = +1) and VN (= -1). Processing one text character turns the column j-1
// deltas into the column j deltas with a handful of word operations, 64 rows at a time. The distance is
// tracked at the bottom row: `score` = D[m][j], updated by the horizontal delta of the last row.
//
// With a bound, a pattern of more than 64 code points computes only the diagonal band in which a path of that cost can
// run (Ukkonen's band, as in Hyyrö 2003): in one word that slides down the pattern when the band fits it
// (HyyroBandWord), reading the pattern only as the band reaches it, and otherwise in the blocks that meet the band, so
// a bounded call costs O(text × (bound / 64 + 2)) steps instead of O(text × pattern / 64). Memory is O(pattern length)
// whatever the alphabet: see PatternMatchVectors. (Rust: bitparallel.rs, band_word, blocks_any, blocks and
// blocks_banded.)
internal static partial class Levenshtein
{
    /// <summary>The pattern <paramref name="a"/> has 1–64 code points: one machine word per column.</summary>
    private static int MyersSingleWord<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, int maxDistance)
        where T : unmanaged, IEquatable<T>
    {
        // Short patterns skip the table: comparing the text character against all pattern lanes at once gives
        // the match mask in three instructions, and building and clearing a table would cost more than the
        // whole distance at these lengths. Lanes past the pattern are zero; a match there sets bits above row
        // m-1, which the algorithm never reads (carries and shifts only move upward).
        if (Vector256.IsHardwareAccelerated)
        {
            if (typeof(T) == typeof(char) && a.Length <= Vector256<ushort>.Count)
            {
                return MyersSingleWord(new LaneMatcher<ushort>(MemoryMarshal.Cast<T, ushort>(a)), b, a.Length, maxDistance);
            }

            if (typeof(T) == typeof(int) && a.Length <= Vector256<int>.Count)
            {
                return MyersSingleWord(new LaneMatcher<int>(MemoryMarshal.Cast<T, int>(a)), b, a.Length, maxDistance);
            }
        }

        return MyersSingleWord(new TableMatcher(PatternMatchVectors.For(a)), b, a.Length, maxDistance);
    }

    /// <summary>
    /// The bounded distance between a query of 1–64 code points, whose vectors <paramref name="query"/> already
    /// holds (<see cref="PatternMatchVectors.Create{T}"/>), and any <paramref name="text"/>, shorter or longer.
    /// </summary>
    /// <remarks>
    /// For many comparisons against one query (nearest): the query stays the pattern whatever the lengths, so its
    /// table is built once per search instead of once per pair. Myers' recurrence does not need the pattern to be
    /// the shorter string, it yields D[m][n] either way in one step per text element, so a 64-code-point query
    /// against a 5-letter entry costs 5 steps (the per-pair path would build a table for the entry and take 64).
    /// Common affixes are not stripped (the table is for the whole query), so the distance stays exact; the
    /// table is keyed by code point, so surrogate-free entries are read as UTF-16 and decoded ones as ints, with
    /// no widening. Same contract as <see cref="Distance{T}"/>: above the bound, <c>maxDistance + 1</c>.
    /// </remarks>
    public static int DistancePrebuilt<T>(PatternMatchVectors query, int queryLength, ReadOnlySpan<T> text, int maxDistance)
        where T : unmanaged, IEquatable<T>
    {
        Debug.Assert(queryLength is >= 1 and <= 64 && query.Blocks == 1);

        // The length gap is a lower bound (callers usually tested it already, before touching the text).
        if (Math.Abs(text.Length - queryLength) > maxDistance)
        {
            return maxDistance + 1;
        }

        var distance = MyersSingleWord(new TableMatcher(query), text, queryLength, maxDistance);
        return distance <= maxDistance ? distance : maxDistance + 1;
    }

    private static int MyersSingleWord<T, TMatcher>(TMatcher matcher, ReadOnlySpan<T> b, int m, int maxDistance)
        where T : unmanaged, IEquatable<T>
        where TMatcher : struct, IMatcher =>
        // No distance exceeds the longer length, so a bound at or above it can never stop the loop: the variant
        // without the early exit saves its instructions per text character. Same cap: rust bitparallel.rs
        // `distance_prebuilt`, Python bitparallel.py `_distance`.
        maxDistance >= Math.Max(m, b.Length)
            ? MyersSingleWord<T, TMatcher, Unbounded>(matcher, b, m, maxDistance)
            : MyersSingleWord<T, TMatcher, Bounded>(matcher, b, m, maxDistance);

    private static int MyersSingleWord<T, TMatcher, TBound>(TMatcher matcher, ReadOnlySpan<T> b, int m, int maxDistance)
        where T : unmanaged, IEquatable<T>
        where TMatcher : struct, IMatcher
        where TBound : struct, IBound
    {
        // Column 0 is D[i][0] = i: every vertical delta is +1.
        var vp = ulong.MaxValue;
        var vn = 0UL;
        var score = m;
        var last = m - 1;

        for (var j = 0; j < b.Length; j++)
        {
            // Eq: the rows whose pattern character equals this text character (a diagonal move costs 0 there).
            var eq = matcher.Eq(CodePoints.Of(b[j]));

            // The addition propagates a carry along a run of VP bits that starts at a match: that carry chain is
            // what lets one instruction resolve the sequential dependency of a whole column (Myers' "+ VP ... ^ VP").
            var sum = ((eq & vp) + vp) ^ vp;

            // D0: rows where D[i][j] can come from the diagonal for free or from a negative vertical delta.
            var d0 = sum | eq | vn;

            // The horizontal deltas between column j-1 and column j: HN directly, and the complement of HP, which is
            // (D0 | VP) & ~VN (HP = VN | ~(D0 | VP)); since VP & VN == 0 that is (sum & ~VN) | (eq & ~VN) | VP, whose
            // second half does not wait for the addition. Carrying ~HP shortens the VP → VP' dependency chain, which
            // bounds this loop, from 11 operations to 8 (the same rewrite as Rust's bitparallel.rs `single_word_loop`).
            var notHp = (sum & ~vn) | ((eq & ~vn) | vp);
            var hn = d0 & vp;

            // The bottom row's horizontal delta moves the distance D[m][j].
            score += (int)(~(notHp >> last) & 1) - (int)((hn >> last) & 1);

            // Shift the horizontal deltas down one row; row 0 is D[0][j] = j, so its delta is always +1: shifted in
            // as a 0 of ~HP. Then the vertical deltas of column j, from the horizontal ones.
            var notHpShifted = notHp << 1;
            vp = (hn << 1) | (~d0 & notHpShifted);
            vn = d0 & ~notHpShifted;

            // The distance can fall by at most one per remaining text character (Rust: single_word_loop, Python:
            // _myers, the same test).
            if (TBound.Enabled && score - (b.Length - 1 - j) > maxDistance)
            {
                return score - (b.Length - 1 - j);
            }
        }

        return score;
    }

    /// <summary>
    /// The pattern <paramref name="a"/> has more than 64 code points: each column is ⌈m/64⌉ words, processed top to
    /// bottom, with the horizontal delta leaving the last row of one block carried into the first row of the next.
    /// Only the blocks in the diagonal band when the bound makes it narrow, all of them otherwise (the full loop is
    /// the faster per block). Rust: bitparallel.rs, <c>blocks_any</c>.
    /// </summary>
    private static int HyyroBlocks<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, int maxDistance)
        where T : unmanaged, IEquatable<T>
    {
        // A band that fits a word needs no table of the whole pattern. Same choice: rust bitparallel.rs `distance`,
        // Python bitparallel.py `_distance`.
        if (maxDistance < b.Length && BandFitsWord(a.Length, b.Length, maxDistance))
        {
            return HyyroBandWord(a, b, maxDistance);
        }

        var pm = PatternMatchVectors.For(a);

        // The band is at most maxDistance + 1 rows tall, so it meets at most this many blocks per column. (Tested
        // after maxDistance < b.Length, which keeps the sum from overflowing for an unbounded call.)
        return maxDistance < b.Length && (((maxDistance + 64) / 64) + 1) * 4 < pm.Blocks * 3
            ? HyyroBlocksBanded(pm, a.Length, b, maxDistance)
            : HyyroBlocksFull(pm, a.Length, b, maxDistance);
    }

    /// <summary>
    /// The block-wise distance between the pattern of <paramref name="n"/> &gt; 64 code points whose vectors
    /// <paramref name="pm"/> holds and <paramref name="text"/>, every block advanced for every text character; above
    /// <paramref name="maxDistance"/>, some value above it.
    /// </summary>
    internal static int HyyroBlocksFull<T>(PatternMatchVectors pm, int n, ReadOnlySpan<T> text, int maxDistance)
        where T : unmanaged, IEquatable<T> =>
        pm.IsSparse
            ? HyyroBlocksFull(pm, n, text, maxDistance, new PatternMatchVectors.SparseRows(pm))
            : HyyroBlocksFull(pm, n, text, maxDistance, new PatternMatchVectors.DenseRows(pm));

    private static int HyyroBlocksFull<T, TRows>(PatternMatchVectors pm, int n, ReadOnlySpan<T> b, int maxDistance, TRows rows)
        where T : unmanaged, IEquatable<T>
        where TRows : struct, PatternMatchVectors.IRows
    {
        var blocks = pm.Blocks;
        var positive = pm.Positive.AsSpan(0, blocks);
        var negative = pm.Negative.AsSpan(0, blocks);
        positive.Fill(ulong.MaxValue);
        negative.Clear();

        var score = n;
        var lastBlock = blocks - 1;
        var last = (n - 1) & 63;

        for (var j = 0; j < b.Length; j++)
        {
            // The pattern row of this character, looked up once for all blocks: its words are contiguous.
            var eqRow = rows.Load(CodePoints.Of(b[j]), 0, lastBlock);

            // The horizontal delta entering block 0 from row 0 (D[0][j] - D[0][j-1]) is +1.
            var carryPositive = 1UL;
            var carryNegative = 0UL;

            for (var k = 0; k < lastBlock; k++)
            {
                Step(eqRow[k], ref positive[k], ref negative[k], ref carryPositive, ref carryNegative, 63);
            }

            var (up, down) = Step(eqRow[lastBlock], ref positive[lastBlock], ref negative[lastBlock],
                ref carryPositive, ref carryNegative, last);
            score += (int)up - (int)down;

            if (score - (b.Length - 1 - j) > maxDistance)
            {
                return score - (b.Length - 1 - j);
            }
        }

        return score;
    }

    /// <summary>
    /// <see cref="HyyroBlocksFull{T}"/> restricted to the diagonal band (Rust: bitparallel.rs, <c>blocks_banded</c>):
    /// the distance between the pattern of <paramref name="n"/> &gt; 64 code points whose vectors <paramref name="pm"/>
    /// holds and a text at least as long, when it is at most <paramref name="maxDistance"/>
    /// (<c>text.Length - n &lt;= maxDistance &lt; text.Length</c>); otherwise <c>maxDistance + 1</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A path of cost at most max to the last cell only crosses cells (i, j) with |j − i| + |(m − j) − (n − i)| &lt;=
    /// max: the first term bounds the cost so far, the second what is left. With d = m − n and h = ⌊(max − d) / 2⌋,
    /// that is rows j − d − h ..= j + h of column j: at most max + 1 rows, moving down one row per column. Only the
    /// blocks holding them are advanced; both ends of that range only ever move down, so a bounded call costs
    /// O(m × (max / 64 + 2)) block steps instead of O(m × n / 64).
    /// </para>
    /// <para>
    /// Cells outside the computed blocks are given values that can only be too high, never too low: a block joins
    /// the band with vertical deltas of +1 (each row one more than the one above, the cost of going straight down),
    /// and the row above the first computed block is taken to grow by +1 per column, as row 0 does. Every computed
    /// value is therefore at least the true one, and the cells of an optimal path of cost &lt;= max, which all lie
    /// in the band, get their true values by induction along the path: a too-high neighbour never wins the minimum
    /// against the path's own predecessor. So the last cell is exact when the distance is at most max, and above max
    /// otherwise. (Hyyrö, "A bit-vector algorithm for computing Levenshtein and Damerau edit distances", 2003, bands
    /// the same way.)
    /// </para>
    /// <para>
    /// <c>score</c> tracks D' at r, the bottom row of the last computed block, and gives an early exit. If the
    /// distance is at most max, let i be the last row in column j of an optimal path (in the band, so i &lt;= r, and
    /// exact): D'(r, j) &lt;= D(i, j) + (r − i), because rows i..=r are computed and a column grows by at most one per
    /// row, and D(i, j) &lt;= distance − |(n − i) − (m − j)|, what the rest of the path costs at least. Over every i,
    /// that bounds D'(r, j) by max + (r − j + d). So once <c>score</c> is above that, the distance is above max. With
    /// r = n, this is the usual test that the score can fall by at most one per remaining column.
    /// </para>
    /// </remarks>
    internal static int HyyroBlocksBanded<T>(PatternMatchVectors pm, int n, ReadOnlySpan<T> text, int maxDistance)
        where T : unmanaged, IEquatable<T> =>
        pm.IsSparse
            ? HyyroBlocksBanded(pm, n, text, maxDistance, new PatternMatchVectors.SparseRows(pm))
            : HyyroBlocksBanded(pm, n, text, maxDistance, new PatternMatchVectors.DenseRows(pm));

    private static int HyyroBlocksBanded<T, TRows>(PatternMatchVectors pm, int n, ReadOnlySpan<T> text, int maxDistance, TRows rows)
        where T : unmanaged, IEquatable<T>
        where TRows : struct, PatternMatchVectors.IRows
    {
        var m = text.Length;
        var blocks = pm.Blocks;
        Debug.Assert(n > 64 && n <= m && m - n <= maxDistance && maxDistance < m && blocks == (n + 63) >> 6);
        var d = m - n;
        var h = (maxDistance - d) / 2;
        var positive = pm.Positive.AsSpan(0, blocks);
        var negative = pm.Negative.AsSpan(0, blocks);
        positive.Fill(ulong.MaxValue);
        negative.Clear();

        // The blocks of column 1 start with D[i][0] = i, so the tracked score starts as the last one's bottom row.
        var lastBlock = (Math.Min(1 + h, n) - 1) >> 6;
        var score = Math.Min(64 * (lastBlock + 1), n);
        for (var j = 1; j <= m; j++)
        {
            var bottom = Math.Min(j + h, n);
            if ((bottom - 1) >> 6 > lastBlock)
            {
                // One row more per column: at most one block joins at a time, with vp = all ones, vn = 0 untouched
                // since the start, so its bottom row is taken as the previous block's plus its height.
                lastBlock++;
                score += lastBlock + 1 == blocks ? n - (64 * lastBlock) : 64;
            }

            var top = Math.Max(j - d - h, 1);
            var firstBlock = (top - 1) >> 6;
            var eqRow = rows.Load(CodePoints.Of(text[j - 1]), firstBlock, lastBlock);

            // The row above the first computed block is taken to grow by +1 per column, as row 0 does.
            var carryPositive = 1UL;
            var carryNegative = 0UL;
            for (var k = firstBlock; k < lastBlock; k++)
            {
                Step(eqRow[k - firstBlock], ref positive[k], ref negative[k], ref carryPositive, ref carryNegative, 63);
            }

            var isLast = lastBlock + 1 == blocks;
            var (up, down) = Step(eqRow[lastBlock - firstBlock], ref positive[lastBlock], ref negative[lastBlock],
                ref carryPositive, ref carryNegative, isLast ? (n - 1) & 63 : 63);
            score += (int)up - (int)down;

            // Written as a difference: bottomRow + d - j is between 0 and m, so nothing overflows.
            var bottomRow = isLast ? n : 64 * (lastBlock + 1);
            if (score - (bottomRow + d - j) > maxDistance)
            {
                return maxDistance + 1;
            }
        }

        return Math.Min(score, maxDistance + 1);
    }

    /// <summary>
    /// Whether the band of a bounded call fits <see cref="HyyroBandWord{T}"/>'s word: the band is d + 2h + 1 rows tall
    /// (d = m − n, h = ⌊(max − d) / 2⌋), and the word holds it below the row that each column's step drops. Rust:
    /// bitparallel.rs, <c>band_fits_word</c>.
    /// </summary>
    internal static bool BandFitsWord(int n, int m, int maxDistance)
    {
        var d = m - n;
        return d + (2 * ((maxDistance - d) / 2)) + 1 <= 63;
    }

    /// <summary>
    /// <see cref="HyyroBlocksBanded{T}"/> in one word that slides down the pattern with the band (Hyyrö 2003's diagonal
    /// formulation): the distance between <paramref name="pattern"/> (more than 64 code points) and a text at least as
    /// long, when it is at most <paramref name="maxDistance"/> (<c>m - n &lt;= maxDistance &lt; m</c>, the band at most
    /// 63 rows tall: <see cref="BandFitsWord"/>); otherwise <c>maxDistance + 1</c>. Rust: bitparallel.rs,
    /// <c>band_word</c>, whose doc comment proves it; Python: bitparallel.py, <c>_band_word</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Bit k of the word stands for row j − d − h − 1 + k of column j, so the band's rows j − d − h ..= j + h are bits
    /// 1 ..= d + 2h + 1, and each column's step moves the word up one bit: the top row leaves, and a row joins at bit 63
    /// with vertical delta +1, as a block joins the banded blocks. Rows above row 0 are all equal to row 0, and the row
    /// above the word is taken to grow by +1 per column: the banded blocks' assumed cells, only ever too high.
    /// </para>
    /// <para>
    /// The mask of a text character comes from <see cref="WindowMasks"/>, where each pattern position enters as the
    /// window reaches it: a call that stops early never reads the rest of the pattern. <c>score</c> follows the diagonal
    /// that ends in the last cell (bit h + 1): at column m it is the distance, and once above the bound no path within
    /// it is left (a column changes by at most one per row, and what is left of a path through row i of column j costs
    /// at least |i − (j − d)|).
    /// </para>
    /// </remarks>
    internal static int HyyroBandWord<T>(ReadOnlySpan<T> pattern, ReadOnlySpan<T> text, int maxDistance)
        where T : unmanaged, IEquatable<T>
    {
        var n = pattern.Length;
        var m = text.Length;
        Debug.Assert(n > 64 && n <= m && m - n <= maxDistance && maxDistance < m && BandFitsWord(n, m, maxDistance));
        var d = m - n;
        var h = (maxDistance - d) / 2;
        var window = WindowMasks.ForThread();

        // Bit 0 of column j (from 0) is pattern index j - d - h - 1; the index entering at bit 63, p = j + entering, enters
        // at window start first + p + 1.
        var first = window.Begin(n, m);
        var entering = 62 - d - h;
        for (var p = 0; p < Math.Min(entering, n); p++)
        {
            window.Enter(CodePoints.Of(pattern[p]), first + (ulong)p + 1);
        }

        // Column 0: rows 1.. are one more than the row above, rows up to 0 all equal (and 0, the tracked cell).
        var vp = ulong.MaxValue << (d + h + 1);
        var vn = 0UL;
        var score = 0;
        var track = h + 1;
        for (var j = 0; j < m; j++)
        {
            var p = entering + j;
            var start = first + (ulong)p + 1;
            if (p < n)
            {
                window.Enter(CodePoints.Of(pattern[p]), start);
            }

            var x = window.Get(CodePoints.Of(text[j]), start);
            var d0 = (((x & vp) + vp) ^ vp) | x | vn;
            var hp = vn | ~(d0 | vp);
            var hn = d0 & vp;

            // The textbook's vp' = (hn << 1) | ~(d0 | (hp << 1) | 1) and vn' = ((hp << 1) | 1) & d0, shifted down one bit,
            // with +1 for the row that joins at bit 63.
            vp = hn | ~((d0 >> 1) | hp) | (1UL << 63);
            vn = (d0 >> 1) & hp;
            score += (int)(~(d0 >> track) & 1);
            if (score > maxDistance)
            {
                return maxDistance + 1;
            }
        }

        return score;
    }

    /// <summary>
    /// Advances one 64-row block by one text character. On entry the carries hold the horizontal delta arriving
    /// from the row above the block; on exit, the one leaving its row 63 (what the next block needs). Returns the
    /// horizontal delta of row <paramref name="lastRow"/>, as (+1 bit, -1 bit).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Up, ulong Down) Step(
        ulong eq, ref ulong vp, ref ulong vn, ref ulong carryPositive, ref ulong carryNegative, int lastRow)
    {
        var xv = eq | vn;

        // A -1 delta arriving from above lowers the block's first row exactly as a match there would, which is
        // why Myers folds it into Eq (after Xv, which must see only real matches).
        eq |= carryNegative;
        var xh = (((eq & vp) + vp) ^ vp) | eq;
        var hp = vn | ~(xh | vp);
        var hn = vp & xh;

        var result = ((hp >> lastRow) & 1, (hn >> lastRow) & 1);
        var outPositive = hp >> 63;
        var outNegative = hn >> 63;

        hp = (hp << 1) | carryPositive;
        hn = (hn << 1) | carryNegative;
        vp = hn | ~(xv | hp);
        vn = hp & xv;

        carryPositive = outPositive;
        carryNegative = outNegative;
        return result;
    }

    /// <summary>Where a text character matches the pattern, as one 64-bit word (single-word algorithm).</summary>
    private interface IMatcher
    {
        ulong Eq(int codePoint);
    }

    /// <summary>The pattern-match vectors for patterns of any length and alphabet.</summary>
    private readonly struct TableMatcher(PatternMatchVectors vectors) : IMatcher
    {
        private readonly ulong[] _words = vectors.Words;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Eq(int codePoint) => _words[vectors.Row(codePoint)];
    }

    /// <summary>A pattern short enough for one SIMD register: one lane per pattern position.</summary>
    private readonly struct LaneMatcher<TLane> : IMatcher
        where TLane : unmanaged, IBinaryInteger<TLane>
    {
        private readonly Vector256<TLane> _pattern;

        public LaneMatcher(ReadOnlySpan<TLane> pattern)
        {
            Span<TLane> lanes = stackalloc TLane[Vector256<TLane>.Count];
            lanes.Clear();
            pattern.CopyTo(lanes);
            _pattern = Vector256.Create<TLane>(lanes);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Eq(int codePoint) =>
            Vector256.Equals(_pattern, Vector256.Create(TLane.CreateTruncating(codePoint))).ExtractMostSignificantBits();
    }
}
