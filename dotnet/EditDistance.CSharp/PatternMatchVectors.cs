using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace EditDistance.CSharp;

/// <summary>
/// The pattern-match vectors of the bit-parallel algorithm: for every code point, a bit mask (one 64-bit word per
/// block of 64 pattern positions) with bit <c>i</c> set where the pattern holds that code point.
/// </summary>
/// <remarks>
/// <para>
/// Memory stays proportional to the pattern's length whatever its alphabet (Rust: bitparallel.rs,
/// <c>PatternMatch</c>, the same two layouts chosen by the same rule). The layout is chosen per pattern:
/// </para>
/// <list type="bullet">
/// <item><description>
/// <em>Dense</em>: row <c>r</c> occupies <c>Words[r * Blocks .. (r + 1) * Blocks]</c>. Rows 0–255 are a direct
/// table indexed by the code point, which covers ASCII and Latin-1 without any lookup cost (32 bytes per pattern
/// code point); row 256 is all zeros and answers every code point absent from the pattern; rows from 257 hold the
/// other code points (CJK, emoji, ...), one row each, found through a small open-addressing hash map, so that a
/// text character's whole row is one contiguous span. Kept while those rows take at most
/// <see cref="DenseBudget"/> bytes or <see cref="DenseBytesPerSymbol"/> bytes per pattern code point: always for
/// patterns up to a few thousand code points, and for any pattern with at most 256 such code points.
/// </description></item>
/// <item><description>
/// <em>Sparse</em>: beyond that (a long pattern with a large alphabet, e.g. 200 000 random CJK characters, whose
/// dense rows would take distinct × length / 8 bytes, 500 MB), each code point keeps only the words of the blocks
/// it occurs in, as (block, word) entries in block order: at most one entry per pattern code point, 12 bytes each,
/// and no direct table (every code point, Latin-1 included, goes through the map). A text character's row is
/// assembled from its entries in a buffer that is zero elsewhere (<see cref="SparseRows"/>), so the block loop
/// still reads one contiguous span: the entries written and later cleared are few and contiguous, where a map
/// lookup per block would cost a probe, and mostly a cache miss, in every block.
/// </description></item>
/// </list>
/// <para>
/// A hand-written map rather than <see cref="Dictionary{TKey, TValue}"/>: the lookup runs once per text character
/// in the innermost loop, and this one is a multiply, a shift and usually a single compare, with no allocation and
/// no interface dispatch.
/// </para>
/// <para>
/// One instance per thread is reused: allocating and zeroing a 2 KiB table per call would cost more than the whole
/// distance at short lengths. <see cref="Build{T}"/> clears only the rows that the previous pattern set.
/// </para>
/// </remarks>
internal sealed class PatternMatchVectors
{
    public const int ZeroRow = 256;
    private const int FirstExtraRow = 257;
    private const int EmptyKey = -1;

    /// <summary>
    /// Patterns longer than this get a private instance that the GC reclaims, so that one huge string does not
    /// pin megabytes to a thread for its lifetime (Rust: bitparallel.rs, <c>MAX_CACHED_PATTERN</c>).
    /// </summary>
    private const int MaxCachedPatternLength = 4096;

    /// <summary>Dense extra rows may always take this much: any pattern of up to ~5 800 code points stays dense.</summary>
    private const long DenseBudget = 4 << 20;

    /// <summary>... and beyond that as much per pattern code point as the direct table: at most 256 extra rows.</summary>
    private const long DenseBytesPerSymbol = 32;

    [ThreadStatic]
    private static PatternMatchVectors? t_cached;

    /// <summary>Dense layout: the rows, <see cref="Blocks"/> words each. Empty in the sparse layout.</summary>
    public ulong[] Words { get; private set; } = [];

    /// <summary>Number of 64-bit words per row: ⌈pattern length / 64⌉.</summary>
    public int Blocks { get; private set; } = 1;

    /// <summary>Scratch for the block-wise algorithm's vertical deltas, one word per block.</summary>
    public ulong[] Positive { get; private set; } = [];

    /// <inheritdoc cref="Positive"/>
    public ulong[] Negative { get; private set; } = [];

    /// <summary>Whether the pattern is held as (block, word) entries rather than dense rows.</summary>
    public bool IsSparse => _starts.Length != 0;

    /// <summary>Sparse layout: the block of each entry, ascending within a code point's entries.</summary>
    public int[] EntryBlocks { get; private set; } = [];

    /// <summary>Sparse layout: the word of each entry, for the block <see cref="EntryBlocks"/> names.</summary>
    public ulong[] EntryWords { get; private set; } = [];

    // Which direct rows (0–255) are non-zero: one bit each, so that clearing touches only those rows.
    private readonly ulong[] _touched = new ulong[4];

    // The hash map: key -> row. In the dense layout it holds the code points >= 256 and their rows (from 257); in
    // the sparse layout every code point, and its index into _starts. Its capacity is a power of two at least twice
    // the number of keys it can get, so the load factor stays <= 1/2 and probe chains stay short.
    private int[] _keys = [];
    private int[] _rows = [];
    private int _shift = 32;
    private int[] _usedSlots = [];
    private int _extraRows;

    // Sparse layout: the entries of map row r are _starts[r] .. _starts[r + 1] of EntryBlocks and EntryWords (CSR).
    // Empty in the dense layout, which is how IsSparse tells them apart.
    private int[] _starts = [];

    /// <summary>The vectors of <paramref name="pattern"/> (non-empty), in this thread's reusable instance.</summary>
    public static PatternMatchVectors For<T>(ReadOnlySpan<T> pattern)
        where T : unmanaged, IEquatable<T>
    {
        PatternMatchVectors vectors;
        if (pattern.Length > MaxCachedPatternLength)
        {
            vectors = new PatternMatchVectors();
        }
        else
        {
            vectors = t_cached ??= new PatternMatchVectors();
        }

        vectors.Build(pattern);
        return vectors;
    }

    /// <summary>
    /// The vectors of <paramref name="pattern"/> (non-empty) in a new instance of its own, for a pattern that is
    /// compared with many texts: a nearest search builds its query's table once and then only reads it, possibly
    /// from several threads at once, while the per-thread instance stays free for per-pair calls.
    /// </summary>
    public static PatternMatchVectors Create<T>(ReadOnlySpan<T> pattern)
        where T : unmanaged, IEquatable<T>
    {
        var vectors = new PatternMatchVectors();
        vectors.Build(pattern);
        return vectors;
    }

    /// <summary>
    /// Dense layout: the row of <paramref name="codePoint"/>; <see cref="ZeroRow"/> when the pattern lacks it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Row(int codePoint)
    {
        Debug.Assert(!IsSparse);
        if ((uint)codePoint < 256)
        {
            return codePoint;
        }

        return _extraRows == 0 ? ZeroRow : FindExtra(codePoint);
    }

    /// <summary>
    /// Sparse layout: the entries of <paramref name="codePoint"/> (indexes into <see cref="EntryBlocks"/> and
    /// <see cref="EntryWords"/>) in blocks <paramref name="first"/> to <paramref name="last"/>.
    /// </summary>
    public (int Start, int End) SparseEntries(int codePoint, int first, int last)
    {
        var row = FindSparse(codePoint);
        if (row < 0)
        {
            return (0, 0);
        }

        var start = _starts[row];
        var end = _starts[row + 1];
        // Most code points of such a pattern have one or two entries: the searches are for the band's edges.
        if (first > 0)
        {
            start = FirstAtOrAfter(EntryBlocks, start, end, first);
        }

        if (last < Blocks - 1)
        {
            end = FirstAtOrAfter(EntryBlocks, start, end, last + 1);
        }

        return (start, end);
    }

    /// <summary>The bytes the instance holds, for the tests of the memory bound.</summary>
    internal long HeapBytes() =>
        (8L * (Words.Length + Positive.Length + Negative.Length + _touched.Length + EntryWords.Length))
        + (4L * (_keys.Length + _rows.Length + _usedSlots.Length + _starts.Length + EntryBlocks.Length));

    /// <summary>The first index in <c>blocks[start..end]</c> (ascending) whose block is at least <paramref name="block"/>.</summary>
    private static int FirstAtOrAfter(int[] blocks, int start, int end, int block)
    {
        while (start < end)
        {
            var middle = (int)((uint)(start + end) >> 1);
            if (blocks[middle] < block)
            {
                start = middle + 1;
            }
            else
            {
                end = middle;
            }
        }

        return start;
    }

    private int FindExtra(int codePoint) => Find(codePoint, absent: ZeroRow);

    /// <summary>Sparse layout: the map row of <paramref name="codePoint"/>, or -1 when the pattern lacks it.</summary>
    private int FindSparse(int codePoint) => Find(codePoint, absent: -1);

    /// <summary>The map's row for <paramref name="codePoint"/>, or <paramref name="absent"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(int codePoint, int absent)
    {
        var slot = Probe(codePoint);
        return _keys[slot] == codePoint ? _rows[slot] : absent;
    }

    /// <summary>The slot of the map that holds <paramref name="codePoint"/>, or else the free slot where it belongs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Probe(int codePoint)
    {
        var mask = _keys.Length - 1;
        var slot = Slot(codePoint);
        while (_keys[slot] != codePoint && _keys[slot] != EmptyKey)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    /// <summary>Fibonacci hashing: consecutive code points (a CJK run) land far apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(int codePoint) => (int)(((uint)codePoint * 0x9E3779B9u) >> _shift);

    private void Build<T>(ReadOnlySpan<T> pattern)
        where T : unmanaged, IEquatable<T>
    {
        Clear();
        var blocks = (pattern.Length + 63) >> 6;

        // Rust: bitparallel.rs, PatternMatch::build. Dense rows take at most one row per code point: below the
        // budget whatever the alphabet, so only long patterns need their distinct code points counted to choose.
        var extraRows = -1;
        if ((long)pattern.Length * blocks * 8 > DenseBudget)
        {
            extraRows = DistinctAbove255(pattern);
            if ((long)extraRows * blocks * 8 > Math.Max(DenseBudget, DenseBytesPerSymbol * pattern.Length))
            {
                // Every code point goes through the map in this layout, Latin-1 included.
                BuildSparse(pattern, blocks, extraRows + 256);
                return;
            }
        }

        EnsureCapacity(pattern.Length, blocks, extraRows);
        Blocks = blocks;

        var words = Words;
        for (var i = 0; i < pattern.Length; i++)
        {
            var codePoint = CodePoints.Of(pattern[i]);
            int row;
            if ((uint)codePoint < 256)
            {
                row = codePoint;
                _touched[codePoint >> 6] |= 1UL << codePoint;
            }
            else
            {
                row = AddExtra(codePoint);
                words = Words;
            }

            words[(row * blocks) + (i >> 6)] |= 1UL << i;
        }
    }

    /// <summary>
    /// The sparse layout (Rust: bitparallel.rs, <c>PatternMatch::build_sparse</c>): for every code point, one
    /// (block, word) entry per block it occurs in. Neither the direct table (32 bytes per pattern code point, mostly
    /// zeros for such a pattern) nor dense rows are allocated. <paramref name="maxKeys"/> bounds the distinct code
    /// points.
    /// </summary>
    private void BuildSparse<T>(ReadOnlySpan<T> pattern, int blocks, int maxKeys)
        where T : unmanaged, IEquatable<T>
    {
        Blocks = blocks;
        Words = [];
        if (Positive.Length < blocks)
        {
            Positive = new ulong[blocks];
            Negative = new ulong[blocks];
        }

        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)(maxKeys * 2));
        _keys = new int[capacity];
        _keys.AsSpan().Fill(EmptyKey);
        _rows = new int[capacity];
        _shift = 32 - BitOperations.Log2((uint)capacity);

        // First pass: each code point's row, and how many blocks hold it (counted when the block changes, since
        // the pattern is read in block order).
        var lastBlock = new int[maxKeys];
        lastBlock.AsSpan().Fill(-1);
        var counts = new int[maxKeys];
        for (var i = 0; i < pattern.Length; i++)
        {
            var row = InternSparse(CodePoints.Of(pattern[i]));
            var block = i >> 6;
            if (lastBlock[row] != block)
            {
                lastBlock[row] = block;
                counts[row]++;
            }
        }

        // Offsets from the counts; the counts then serve as each row's next free entry.
        var rows = _extraRows;
        var starts = new int[rows + 1];
        var total = 0;
        for (var row = 0; row < rows; row++)
        {
            starts[row] = total;
            var count = counts[row];
            counts[row] = total;
            total += count;
        }

        starts[rows] = total;
        var entryBlocks = new int[total];
        var entryWords = new ulong[total];
        lastBlock.AsSpan(0, rows).Fill(-1);
        for (var i = 0; i < pattern.Length; i++)
        {
            var row = FindSparse(CodePoints.Of(pattern[i]));
            var block = i >> 6;
            if (lastBlock[row] != block)
            {
                lastBlock[row] = block;
                entryBlocks[counts[row]++] = block;
            }

            entryWords[counts[row] - 1] |= 1UL << i;
        }

        _starts = starts;
        EntryBlocks = entryBlocks;
        EntryWords = entryWords;
    }

    /// <summary>Sparse layout: the map row of <paramref name="codePoint"/>, added when new.</summary>
    private int InternSparse(int codePoint)
    {
        var slot = Probe(codePoint);
        if (_keys[slot] == codePoint)
        {
            return _rows[slot];
        }

        _keys[slot] = codePoint;
        _rows[slot] = _extraRows;
        return _extraRows++;
    }

    /// <summary>
    /// The number of distinct code points >= 256 in <paramref name="pattern"/>, counted in a bit set of the code
    /// points <typeparamref name="T"/> can hold (8 KiB for UTF-16, 136 KiB for all of Unicode) rather than in a map
    /// as large as the pattern (Rust: bitparallel.rs, <c>distinct_mapped</c>).
    /// </summary>
    private static int DistinctAbove255<T>(ReadOnlySpan<T> pattern)
        where T : unmanaged, IEquatable<T>
    {
        var seen = new ulong[(typeof(T) == typeof(char) ? 0x10000 : 0x110000) >> 6];
        var count = 0;
        foreach (var element in pattern)
        {
            var codePoint = CodePoints.Of(element);
            if (codePoint >= 256 && (seen[codePoint >> 6] & (1UL << codePoint)) == 0)
            {
                seen[codePoint >> 6] |= 1UL << codePoint;
                count++;
            }
        }

        return count;
    }

    private int AddExtra(int codePoint)
    {
        var slot = Probe(codePoint);
        if (_keys[slot] == codePoint)
        {
            return _rows[slot];
        }

        var row = FirstExtraRow + _extraRows;
        var needed = (row + 1) * Blocks;
        if (Words.Length < needed)
        {
            // Grows like a List<T>; the copy keeps the rows already set, the new part is zero. Only patterns whose
            // extra rows were not counted grow here, and they are short enough for the dense budget.
            var grown = new ulong[Math.Max(needed, Words.Length * 2)];
            Words.AsSpan().CopyTo(grown);
            Words = grown;
        }

        _keys[slot] = codePoint;
        _rows[slot] = row;
        _usedSlots[_extraRows++] = slot;
        return row;
    }

    /// <summary>
    /// Sizes the dense layout's arrays for a pattern; <paramref name="extraRows"/> is its number of distinct code
    /// points >= 256 when they were counted (long patterns), -1 otherwise.
    /// </summary>
    private void EnsureCapacity(int patternLength, int blocks, int extraRows)
    {
        // Direct rows and the zero row at the new width, and the extra rows when they are known, so that a long
        // pattern's table is allocated once at its exact size. Clear() has left every word zero, so a larger array
        // is needed only when the table is too small, not when the width changes.
        var rows = FirstExtraRow + Math.Max(extraRows, 0);
        if (Words.Length < rows * blocks)
        {
            Words = new ulong[rows * blocks];
        }

        if (Positive.Length < blocks)
        {
            Positive = new ulong[blocks];
            Negative = new ulong[blocks];
        }

        var keys = extraRows < 0 ? patternLength : extraRows;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, keys * 2));
        if (_keys.Length < capacity)
        {
            _keys = new int[capacity];
            _keys.AsSpan().Fill(EmptyKey);
            _rows = new int[capacity];
            _usedSlots = new int[keys];
            _shift = 32 - BitOperations.Log2((uint)capacity);
        }
        else if (_usedSlots.Length < keys)
        {
            _usedSlots = new int[keys];
        }
    }

    /// <summary>Zeroes exactly the rows and map slots that the previous pattern set.</summary>
    private void Clear()
    {
        if (IsSparse)
        {
            // Only patterns far above MaxCachedPatternLength are sparse, and their instances are not reused: start
            // afresh rather than walk the entries (Rust: bitparallel.rs, PatternMatch::clear).
            _keys = [];
            _rows = [];
            _shift = 32;
            _extraRows = 0;
            _starts = [];
            EntryBlocks = [];
            EntryWords = [];
            return;
        }

        var words = Words.AsSpan();
        for (var w = 0; w < _touched.Length; w++)
        {
            var bits = _touched[w];
            _touched[w] = 0;
            if (Blocks == 1)
            {
                // The common single-word case: one store per row beats a call to Span.Clear per row, which
                // measured as the largest cost of a whole 64-character distance.
                for (; bits != 0; bits &= bits - 1)
                {
                    words[(w << 6) + BitOperations.TrailingZeroCount(bits)] = 0;
                }
            }
            else
            {
                for (; bits != 0; bits &= bits - 1)
                {
                    words.Slice(((w << 6) + BitOperations.TrailingZeroCount(bits)) * Blocks, Blocks).Clear();
                }
            }
        }

        if (_extraRows > 0)
        {
            words.Slice(FirstExtraRow * Blocks, _extraRows * Blocks).Clear();
            foreach (var slot in _usedSlots.AsSpan(0, _extraRows))
            {
                _keys[slot] = EmptyKey;
            }

            _extraRows = 0;
        }
    }

    /// <summary>
    /// Where the block loops get a text character's row, words <c>first..last</c>: a struct type argument, so that
    /// the JIT compiles one loop per layout with no test of the layout per character. The loops take it by value:
    /// their own copy, whose fields can stay in registers (the sparse buffer's state lives for one call only).
    /// </summary>
    public interface IRows
    {
        ReadOnlySpan<ulong> Load(int codePoint, int first, int last);
    }

    /// <summary>The dense layout: a span of the table, the row <see cref="Row"/> names.</summary>
    public readonly struct DenseRows(PatternMatchVectors vectors) : IRows
    {
        private readonly ulong[] _words = vectors.Words;
        private readonly int _blocks = vectors.Blocks;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<ulong> Load(int codePoint, int first, int last) =>
            _words.AsSpan((vectors.Row(codePoint) * _blocks) + first, last - first + 1);
    }

    /// <summary>
    /// The sparse layout: rows assembled in a buffer that is all zeros except the entries of the row last loaded,
    /// which the next load clears (Rust: bitparallel.rs, <c>RowBuffer</c>). One per call: it is written.
    /// </summary>
    public struct SparseRows(PatternMatchVectors vectors) : IRows
    {
        private readonly ulong[] _buffer = new ulong[vectors.Blocks];
        private int _writtenStart;
        private int _writtenEnd;
        private int _first;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<ulong> Load(int codePoint, int first, int last)
        {
            var blocks = vectors.EntryBlocks;
            var words = vectors.EntryWords;
            for (var entry = _writtenStart; entry < _writtenEnd; entry++)
            {
                _buffer[blocks[entry] - _first] = 0;
            }

            (_writtenStart, _writtenEnd) = vectors.SparseEntries(codePoint, first, last);
            _first = first;
            for (var entry = _writtenStart; entry < _writtenEnd; entry++)
            {
                _buffer[blocks[entry] - first] = words[entry];
            }

            return _buffer.AsSpan(0, last - first + 1);
        }
    }
}
