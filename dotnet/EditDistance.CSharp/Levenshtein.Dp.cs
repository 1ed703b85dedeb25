using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EditDistance.CSharp;

internal static partial class Levenshtein
{
    /// <summary>Rows up to this many cells live on the stack (4 KiB); longer ones are rented from the pool.</summary>
    private const int StackRowLimit = 1024;

    /// <summary>
    /// Wagner–Fischer with two rows, stored in one buffer: the cell about to be overwritten is the previous row's
    /// value ("up"), and the previous row's value one to the left ("diagonal") is kept in a local. The row runs
    /// over the shorter string <paramref name="a"/>.
    /// </summary>
    private static int WagnerFischer<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, int maxDistance)
        where T : unmanaged, IEquatable<T>
    {
        int[]? rented = null;
        var row = a.Length + 1 <= StackRowLimit
            ? stackalloc int[StackRowLimit]
            : rented = ArrayPool<int>.Shared.Rent(a.Length + 1);
        row = row[..(a.Length + 1)];

        try
        {
            // No distance exceeds the longer length, so a bound at or above it cannot change the result: the
            // loop without the bound's bookkeeping runs instead. Same cap: rust dp.rs `distance`, Python dp.py
            // `_distance`. Below it, i + maxDistance and maxDistance + 1 cannot overflow.
            var bounded = maxDistance < b.Length;

            // Cells outside the band are never written: they must read as "too far", at least maxDistance + 1.
            var over = bounded ? maxDistance + 1 : int.MaxValue;
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = Math.Min(j, over);
            }

            return bounded ? Fill<T, Bounded>(a, b, row, maxDistance) : Fill<T, Unbounded>(a, b, row, maxDistance);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Fills the matrix row by row; returns the last cell, or a row minimum above the bound. Bounded, only
    /// Ukkonen's band (Rust: dp.rs <c>rows</c>, Python: dp.py <c>_banded</c>).
    /// </summary>
    /// <remarks>
    /// A cell (i, j) with |i − j| &gt; maxDistance costs more than the bound, and so does every path through it, so
    /// row i computes only columns i − maxDistance ..= i + maxDistance: O(b × maxDistance) instead of O(b × a).
    /// Cells outside the band are never written and read as at least maxDistance + 1 (the sentinel on the left,
    /// the initial values on the right), so an in-band value is too high only where a path would leave the band,
    /// which no path within the bound does; such values only ever make the answer "above the bound", which it is.
    /// </remarks>
    private static int Fill<T, TBound>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<int> row, int maxDistance)
        where T : unmanaged, IEquatable<T>
        where TBound : struct, IBound
    {
        // Raw references instead of span indexing: the JIT cannot prove that `row` is one longer than `a`, and
        // a bounds check per cell costs about a tenth of the loop. Both lengths were set by the caller.
        ref var cells = ref MemoryMarshal.GetReference(row);
        ref var pattern = ref MemoryMarshal.GetReference(a);
        var n = a.Length;
        for (var i = 0; i < b.Length; i++)
        {
            var c = b[i];

            // The band of row i + 1, as pattern indexes first ..< end (cells first + 1 ..= end); the whole row
            // when unbounded, where the JIT folds these to constants.
            var first = 0;
            var end = n;
            if (TBound.Enabled)
            {
                first = Math.Max(0, i - maxDistance);
                end = Math.Min(n, i + 1 + maxDistance);
            }

            ref var start = ref Unsafe.Add(ref cells, first);
            var diagonal = start;
            var left = TBound.Enabled && first > 0 ? maxDistance + 1 : i + 1;
            start = left;
            var rowMinimum = left;

            for (var j = first; j < end; j++)
            {
                ref var cell = ref Unsafe.Add(ref cells, j + 1);
                var up = cell;
                var value = Math.Min(
                    Math.Min(up, left) + 1,
                    Unsafe.Add(ref pattern, j).Equals(c) ? diagonal : diagonal + 1);
                diagonal = up;
                cell = value;
                left = value;
                if (TBound.Enabled)
                {
                    rowMinimum = Math.Min(rowMinimum, value);
                }
            }

            // Every path to the last cell crosses this row, and a path never gets cheaper: once the whole
            // row is past the bound, so is the answer.
            if (TBound.Enabled && rowMinimum > maxDistance)
            {
                return rowMinimum;
            }
        }

        return Unsafe.Add(ref cells, n);
    }

    // A generic struct argument makes the JIT compile one loop per mode, with the test folded away; a bool
    // parameter would leave a branch in every cell.
    private interface IBound
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct Bounded : IBound
    {
        public static bool Enabled => true;
    }

    private readonly struct Unbounded : IBound
    {
        public static bool Enabled => false;
    }
}
