using System.Numerics;
using System.Runtime.CompilerServices;

namespace EditDistance.CSharp;

/// <summary>
/// The pattern-match vectors of the bit-parallel algorithm: for every code point, a bit mask (one 64-bit word per
/// block of 64 pattern positions) with bit <c>i</c> set where the pattern holds that code point.
/// </summary>
/// <remarks>
/// <para>
/// Row <c>r</c> occupies <c>Words[r * Blocks .. (r + 1) * Blocks]</c>. Rows 0–255 are a direct table indexed by
/// the code point, which covers ASCII and Latin-1 without any lookup cost; row 256 is all zeros and answers every
/// code point absent from the pattern; rows from 257 hold the other code points (CJK, emoji, ...), found through
/// a small open-addressing hash map. A hand-written map rather than <see cref="Dictionary{TKey, TValue}"/>: the
/// lookup runs once per text character in the innermost loop, and this one is a multiply, a shift and usually a
/// single compare, with no allocation and no interface dispatch.
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
    /// pin megabytes to a thread for its lifetime.
    /// </summary>
    private const int MaxCachedPatternLength = 4096;

    [ThreadStatic]
    private static PatternMatchVectors? t_cached;

    /// <summary>The rows, <see cref="Blocks"/> words each.</summary>
    public ulong[] Words { get; private set; } = [];

    /// <summary>Number of 64-bit words per row: ⌈pattern length / 64⌉.</summary>
    public int Blocks { get; private set; } = 1;

    /// <summary>Scratch for the block-wise algorithm's vertical deltas, one word per block.</summary>
    public ulong[] Positive { get; private set; } = [];

    /// <inheritdoc cref="Positive"/>
    public ulong[] Negative { get; private set; } = [];

    // Which direct rows (0–255) are non-zero: one bit each, so that clearing touches only those rows.
    private readonly ulong[] _touched = new ulong[4];

    // The hash map for code points >= 256: key -> row. Capacity is a power of two at least twice the pattern
    // length, so the load factor stays <= 1/2 and probe chains stay short.
    private int[] _keys = [];
    private int[] _rows = [];
    private int _shift = 32;
    private int[] _usedSlots = [];
    private int _extraRows;

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

    /// <summary>The row of <paramref name="codePoint"/>; <see cref="ZeroRow"/> when the pattern lacks it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Row(int codePoint)
    {
        if ((uint)codePoint < 256)
        {
            return codePoint;
        }

        return _extraRows == 0 ? ZeroRow : FindExtra(codePoint);
    }

    private int FindExtra(int codePoint)
    {
        var mask = _keys.Length - 1;
        for (var slot = Slot(codePoint); ; slot = (slot + 1) & mask)
        {
            var key = _keys[slot];
            if (key == codePoint)
            {
                return _rows[slot];
            }

            if (key == EmptyKey)
            {
                return ZeroRow;
            }
        }
    }

    /// <summary>Fibonacci hashing: consecutive code points (a CJK run) land far apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(int codePoint) => (int)(((uint)codePoint * 0x9E3779B9u) >> _shift);

    private void Build<T>(ReadOnlySpan<T> pattern)
        where T : unmanaged, IEquatable<T>
    {
        Clear();
        var blocks = (pattern.Length + 63) >> 6;
        EnsureCapacity(pattern.Length, blocks);
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

    private int AddExtra(int codePoint)
    {
        var mask = _keys.Length - 1;
        var slot = Slot(codePoint);
        for (; _keys[slot] != EmptyKey; slot = (slot + 1) & mask)
        {
            if (_keys[slot] == codePoint)
            {
                return _rows[slot];
            }
        }

        var row = FirstExtraRow + _extraRows;
        var needed = (row + 1) * Blocks;
        if (Words.Length < needed)
        {
            // Grows like a List<T>; the copy keeps the rows already set, the new part is zero.
            var grown = new ulong[Math.Max(needed, Words.Length * 2)];
            Words.AsSpan().CopyTo(grown);
            Words = grown;
        }

        _keys[slot] = codePoint;
        _rows[slot] = row;
        _usedSlots[_extraRows++] = slot;
        return row;
    }

    private void EnsureCapacity(int patternLength, int blocks)
    {
        // Direct rows and the zero row at the new width. Clear() has left every word zero, so a larger array is
        // needed only when the table is too small, not when the width changes.
        var direct = FirstExtraRow * blocks;
        if (Words.Length < direct)
        {
            Words = new ulong[direct];
        }

        if (Positive.Length < blocks)
        {
            Positive = new ulong[blocks];
            Negative = new ulong[blocks];
        }

        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, patternLength * 2));
        if (_keys.Length < capacity)
        {
            _keys = new int[capacity];
            _keys.AsSpan().Fill(EmptyKey);
            _rows = new int[capacity];
            _usedSlots = new int[patternLength];
            _shift = 32 - BitOperations.Log2((uint)capacity);
        }
        else if (_usedSlots.Length < patternLength)
        {
            _usedSlots = new int[patternLength];
        }
    }

    /// <summary>Zeroes exactly the rows and map slots that the previous pattern set.</summary>
    private void Clear()
    {
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
}
