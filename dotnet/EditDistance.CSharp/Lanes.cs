using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EditDistance.CSharp;

/// <summary>
/// Many short corpus entries per instruction for the bit-parallel nearest search: each entry is the pattern of one
/// lane of a SIMD register and the query is the text, so one Myers step advances a whole group of entries by one
/// query symbol (Rust: lanes.rs, Python: lanes.py).
/// </summary>
/// <remarks>
/// <para>
/// The recurrence is the single-word one of <c>Levenshtein.BitParallel.cs</c>, lane-wise: entries of 1–8 code
/// points get 8-bit lanes (32 per group), up to 16 get 16-bit lanes, up to 32 and 64 get 32- and 64-bit lanes.
/// Lane-wise addition keeps carries inside their lane, and <c>x + x</c> is the lane-wise shift (x86 has no 8-bit
/// shift). Empty entries and entries beyond 64 code points stay on the scalar path.
/// </para>
/// <para>
/// An entry of n code points sits at the top of its lane, in bits W − n .. W − 1, so that its last row is the lane's
/// top bit in every lane of a group whatever the lengths, and the score update is one uniform shift. The bits below
/// hold no pattern, start as the initial column does (vertical deltas of +1) and stay that way: no match there,
/// so no carry leaves them and their horizontal deltas are 0; the +1 that row 0 feeds into the first row is ORed in
/// at bit W − n instead of bit 0.
/// </para>
/// <para>
/// The tables are built once per corpus. A class's entries are sorted by length (stable) and cut into groups of
/// one 32-byte vector; each class numbers the distinct code points of its own entries (so that a few long entries
/// in another script do not widen every row of the short ones), and stores one mask row per number and group,
/// row-major (all the groups of row 1, then of row 2, ...), plus the all-zero row 0 for code points it lacks. A search maps each query symbol to its row once, then each query symbol costs one load per group,
/// and the rows the query does not use are never read. Vector128 runs a group as two halves, so one table serves
/// both widths and <see cref="ForcedWidth"/> can change between queries.
/// </para>
/// <para>
/// The search visits groups outward from the query's length and stops on each side when the length gap alone
/// exceeds the k-th best distance so far. The lanes within that distance then go to the top k one by one, each held
/// to the bound of its own index: entries arrive out of index order, and a tie must still go to the lower index,
/// so the result is the scalar path's.
/// </para>
/// </remarks>
internal sealed class Lanes
{
    /// <summary>
    /// The most bytes of mask rows a lane class may take per code point of its entries: memory follows the corpus's
    /// length, never its alphabet. A class whose rows (its distinct code points + 1, times 32 bytes per group) would
    /// take more, for instance short entries in thousands of distinct CJK characters, stays on the scalar path.
    /// (Rust: lanes.rs <c>LANE_TABLE_BUDGET</c>, Python: lanes.py.)
    /// </summary>
    internal const int LaneTableBudget = 32;

    /// <summary>One group: a Vector256, or two Vector128 side by side.</summary>
    private const int GroupBytes = 32;

    /// <summary>Each group keeps its lanes' initial scores (the lengths) and then their start bits.</summary>
    private const int InitBytes = 2 * GroupBytes;

    /// <summary>
    /// The parts of a search take the groups in blocks of this many, in turn: a block's 128 bytes of each row are whole
    /// cache lines that no other part reads (every other group would make both parts fetch every line).
    /// </summary>
    private const int PartBlock = 4;

    /// <summary>Longest entries on the lanes; the classes have lanes of 8, 16, 32 and 64 bits.</summary>
    private const int LongestEntry = 64;

    private const int Detected = -1;

    // Read once per query; Detected when no width is forced.
    private static volatile int s_forcedWidth = Detected;

    private readonly Class?[] _classes;

    /// <summary>Every group of every class, shortest entries first (the classes are length ranges).</summary>
    private readonly GroupRef[] _groups;

    /// <summary>The entries no class takes, in increasing order: empty ones, longer ones, and refused classes.</summary>
    private readonly int[] _scalar;

    private Lanes(Class?[] classes, GroupRef[] groups, int[] scalar)
    {
        _classes = classes;
        _groups = groups;
        _scalar = scalar;
    }

    /// <summary>
    /// The vector width the searches use, for the tests and the benchmarks: null for what the hardware runs fast
    /// (<see cref="DetectedWidth"/>), or 0 (the scalar path), 128 or 256; a width above the detected one runs at the
    /// detected one. Process-wide: set it only where no other search runs (Rust: lanes.rs <c>force_level</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not null, 0, 128 or 256.</exception>
    internal static int? ForcedWidth
    {
        get => s_forcedWidth == Detected ? null : s_forcedWidth;
        set
        {
            if (value is not (null or 0 or 128 or 256))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Forced lane width must be null, 0, 128 or 256.");
            }

            s_forcedWidth = value ?? Detected;
        }
    }

    /// <summary>The widest vectors the hardware runs fast: 256, 128, or 0 for none.</summary>
    internal static int DetectedWidth =>
        Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>The width searches use now: <see cref="ForcedWidth"/>, at most <see cref="DetectedWidth"/>.</summary>
    internal static int Width
    {
        get
        {
            var forced = s_forcedWidth;
            return forced == Detected ? DetectedWidth : Math.Min(forced, DetectedWidth);
        }
    }

    /// <summary>
    /// The lane tables of a corpus, or null when no hardware here runs vectors. <paramref name="lengths"/> are in code
    /// points; <paramref name="decoded"/> holds the code points of the entries with surrogate pairs.
    /// </summary>
    public static Lanes? Create(string[] entries, int[]?[] decoded, int[] lengths)
    {
        if (DetectedWidth == 0)
        {
            return null;
        }

        // Stable counting sort by length of the entries the lanes can take.
        var starts = new int[LongestEntry + 2];
        foreach (var length in lengths)
        {
            if (length is >= 1 and <= LongestEntry)
            {
                starts[length + 1]++;
            }
        }

        for (var length = 1; length <= LongestEntry + 1; length++)
        {
            starts[length] += starts[length - 1];
        }

        var sorted = new int[starts[LongestEntry + 1]];
        var next = starts.AsSpan(0, LongestEntry + 1).ToArray();
        for (var i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] is >= 1 and <= LongestEntry)
            {
                sorted[next[lengths[i]]++] = i;
            }
        }

        var source = new Source(entries, decoded, lengths);
        var classes = new Class?[4];
        var refused = new bool[4];
        for (var c = 0; c < classes.Length; c++)
        {
            // Lengths 1–8, 9–16, 17–32, 33–64.
            var bits = 8 << c;
            var members = sorted[starts[c == 0 ? 1 : (bits / 2) + 1]..starts[bits + 1]];
            if (members.Length == 0)
            {
                continue;
            }

            classes[c] = c switch
            {
                0 => Class<byte>.Build(members, source),
                1 => Class<ushort>.Build(members, source),
                2 => Class<uint>.Build(members, source),
                _ => Class<ulong>.Build(members, source),
            };
            refused[c] = classes[c] is null;
        }

        var groups = new List<GroupRef>();
        for (var c = 0; c < classes.Length; c++)
        {
            if (classes[c] is { } laneClass)
            {
                for (var g = 0; g < laneClass.Groups; g++)
                {
                    groups.Add(new GroupRef(c, g, laneClass.Shortest(g, lengths), laneClass.Longest(g, lengths)));
                }
            }
        }

        var scalar = new List<int>();
        for (var i = 0; i < lengths.Length; i++)
        {
            var c = ClassOf(lengths[i]);
            if (c < 0 || refused[c])
            {
                scalar.Add(i);
            }
        }

        return new Lanes(classes, [.. groups], [.. scalar]);
    }

    /// <summary>The bytes of mask rows the classes hold, for the tests of <see cref="LaneTableBudget"/>.</summary>
    internal long TableBytes() => _classes.Sum(c => c?.TableBytes ?? 0);

    /// <summary>The entries the lanes take, for the tests.</summary>
    internal int LaneEntries() => _classes.Sum(c => c?.Entries.Length ?? 0);

    /// <summary>The class of an entry of <paramref name="length"/> code points: 0–3 for 8–64-bit lanes, -1 for none.</summary>
    private static int ClassOf(int length) => length switch
    {
        < 1 or > LongestEntry => -1,
        <= 8 => 0,
        <= 16 => 1,
        <= 32 => 2,
        _ => 3,
    };

    /// <summary>
    /// What one search needs from the tables: each class's row offsets for the query's symbols, and the entries the
    /// scalar path has to measure. Immutable, so every thread of the search shares it.
    /// </summary>
    public Query Prepare<T>(ReadOnlySpan<T> query)
        where T : unmanaged, IEquatable<T>
    {
        var rows = new nint[]?[_classes.Length];
        List<int>? scalar = null;
        for (var c = 0; c < _classes.Length; c++)
        {
            if (_classes[c] is not { } laneClass)
            {
                continue;
            }

            if (query.Length > laneClass.LongestQuery)
            {
                // Scores up to the query's length would not fit in the lanes: this class's entries go to the scalar
                // path for this query.
                scalar ??= [.. _scalar];
                scalar.AddRange(laneClass.Entries);
                continue;
            }

            var offsets = new nint[query.Length];
            for (var j = 0; j < query.Length; j++)
            {
                offsets[j] = laneClass.RowOffset(CodePoints.Of(query[j]));
            }

            rows[c] = offsets;
        }

        return new Query(query.Length, rows, scalar is null ? _scalar : [.. scalar]);
    }

    /// <summary>
    /// Offers the lane entries of part <paramref name="part"/> of <paramref name="parts"/> to <paramref name="top"/>: every
    /// <paramref name="parts"/>-th block of <see cref="PartBlock"/> groups, so that every part gets entries of every
    /// length and the parts take about as long. <see cref="Query.Scalar"/> is the caller's to measure.
    /// </summary>
    public void Search(Query query, TopK top, int maxDistance, int width, int part, int parts)
    {
        Debug.Assert(width is 128 or 256);
        var groups = _groups;
        var length = query.Length;

        // The first group holding an entry at least as long as the query: the walk starts there, both ways.
        var pivot = 0;
        var end = groups.Length;
        while (pivot < end)
        {
            var middle = (int)((uint)(pivot + end) >> 1);
            if (groups[middle].Longest < length)
            {
                pivot = middle + 1;
            }
            else
            {
                end = middle;
            }
        }

        var right = OwnedFrom(pivot, part, parts);
        var left = OwnedUpTo(pivot - 1, part, parts);
        while (true)
        {
            // Each side is sorted by length, so once its nearest group is beyond the bound, all of it is.
            var bound = top.BoundForAnyIndex(maxDistance);
            var leftGap = left >= 0 ? length - groups[left].Longest : -1;
            var rightGap = right < groups.Length ? Math.Max(groups[right].Shortest - length, 0) : -1;
            var leftOpen = leftGap >= 0 && leftGap <= bound;
            var rightOpen = rightGap >= 0 && rightGap <= bound;
            if (!leftOpen && !rightOpen)
            {
                return;
            }

            int visit;
            if (leftOpen && (!rightOpen || leftGap < rightGap))
            {
                visit = left;
                left = OwnedUpTo(left - 1, part, parts);
            }
            else
            {
                visit = right;
                right = OwnedFrom(right + 1, part, parts);
            }

            var group = groups[visit];
            if (query.Rows[group.Class] is { } rows)
            {
                _classes[group.Class]!.Offer(group.Group, rows, top, maxDistance, width);
            }
        }
    }

    /// <summary>The first group from <paramref name="group"/> on that part <paramref name="part"/> owns.</summary>
    private static int OwnedFrom(int group, int part, int parts)
    {
        var block = group / PartBlock;
        var ahead = (part - (block % parts) + parts) % parts;
        return ahead == 0 ? group : (block + ahead) * PartBlock;
    }

    /// <summary>The last group up to <paramref name="group"/> that part <paramref name="part"/> owns; negative when none.</summary>
    private static int OwnedUpTo(int group, int part, int parts)
    {
        if (group < 0)
        {
            return -1;
        }

        var block = group / PartBlock;
        var back = ((block % parts) - part + parts) % parts;
        return back == 0 ? group : ((block - back) * PartBlock) + PartBlock - 1;
    }

    /// <summary>One search's view of the tables (see <see cref="Prepare{T}"/>).</summary>
    /// <param name="Length">The query's length in code points.</param>
    /// <param name="Rows">Per class, the byte offset of each query symbol's mask row; null for a class on the scalar path.</param>
    /// <param name="Scalar">The entries left to the scalar path, for the caller to split between threads.</param>
    public sealed record Query(int Length, nint[]?[] Rows, int[] Scalar);

    /// <summary>A group's place in the outward walk: its class, its number there, and its entries' length range.</summary>
    private readonly record struct GroupRef(int Class, int Group, int Shortest, int Longest);

    /// <summary>The entries' code points, read from the string or, for entries with surrogate pairs, the decoded array.</summary>
    private readonly record struct Source(string[] Entries, int[]?[] Decoded, int[] Lengths);

    /// <summary>The entries of one lane width, in groups.</summary>
    private abstract class Class(int[] entries, int groups)
    {
        /// <summary>The class's entries, sorted by length: lane <c>l</c> of group <c>g</c> is entry <c>g × lanes + l</c>.</summary>
        public int[] Entries { get; } = entries;

        public int Groups { get; } = groups;

        /// <summary>The size of the mask rows.</summary>
        public abstract long TableBytes { get; }

        /// <summary>The longest query whose scores the lanes hold: query length + 64 must fit (Rust: lanes.rs).</summary>
        public abstract int LongestQuery { get; }

        public abstract int Shortest(int group, int[] lengths);

        public abstract int Longest(int group, int[] lengths);

        /// <summary>The byte offset of the row of <paramref name="codePoint"/> (row 0, all zeros, when no entry has it).</summary>
        public abstract nint RowOffset(int codePoint);

        /// <summary>Runs the query through one group and offers the lanes within the bound to <paramref name="top"/>.</summary>
        public abstract void Offer(int group, nint[] rows, TopK top, int maxDistance, int width);
    }

    private sealed class Class<TLane> : Class
        where TLane : unmanaged, IBinaryInteger<TLane>, IUnsignedNumber<TLane>
    {
        private static int LaneBits => Unsafe.SizeOf<TLane>() * 8;

        private static int LaneCount => GroupBytes / Unsafe.SizeOf<TLane>();

        /// <summary>The largest score the lanes hold, capped to the bounds' type.</summary>
        private static int MostScore => (int)Math.Min(ulong.CreateTruncating(TLane.AllBitsSet), int.MaxValue);

        /// <summary>The mask rows, row-major: the groups of row 0, then those of row 1, ...; 32 bytes per group.</summary>
        private readonly byte[] _masks;

        /// <summary>Per group, <see cref="InitBytes"/>: each lane's length (its initial score), then its start bit.</summary>
        private readonly byte[] _init;

        /// <summary>Rows of the code points below 256; the others are in <see cref="_otherRows"/>.</summary>
        private readonly int[] _latin1Rows;

        private readonly Dictionary<int, int>? _otherRows;

        private Class(int[] entries, int groups, byte[] masks, byte[] init, int[] latin1Rows, Dictionary<int, int>? otherRows)
            : base(entries, groups)
        {
            _masks = masks;
            _init = init;
            _latin1Rows = latin1Rows;
            _otherRows = otherRows;
        }

        public override int LongestQuery => MostScore - LongestEntry;

        /// <summary>
        /// The tables of <paramref name="entries"/> (sorted by length), or null when their rows would exceed
        /// <see cref="LaneTableBudget"/>.
        /// </summary>
        public static Class<TLane>? Build(int[] entries, Source source)
        {
            var groups = (entries.Length + LaneCount - 1) / LaneCount;
            long codePoints = 0;
            foreach (var entry in entries)
            {
                codePoints += source.Lengths[entry];
            }

            if (codePoints > Array.MaxLength)
            {
                return null;
            }

            // Row 0 is the zero row; numbering stops as soon as the rows would exceed the budget.
            var mostRows = LaneTableBudget * codePoints / ((long)groups * GroupBytes);

            var latin1Rows = new int[256];
            Dictionary<int, int>? otherRows = null;
            var rowCount = 1;
            var symbolRows = new int[codePoints];
            var position = 0;
            foreach (var entry in entries)
            {
                var rows = symbolRows.AsSpan(position, source.Lengths[entry]);
                if (!(source.Decoded[entry] is { } decoded
                        ? NumberSymbols<int>(decoded, latin1Rows, ref otherRows, ref rowCount, rows, mostRows)
                        : NumberSymbols<char>(source.Entries[entry], latin1Rows, ref otherRows, ref rowCount, rows, mostRows)))
                {
                    return null;
                }

                position += rows.Length;
            }

            var tableBytes = (long)rowCount * groups * GroupBytes;
            if (tableBytes > Array.MaxLength)
            {
                return null;
            }

            var masks = new byte[tableBytes];
            var init = new byte[groups * InitBytes];
            position = 0;
            for (var e = 0; e < entries.Length; e++)
            {
                var group = e / LaneCount;
                var laneOffset = (e % LaneCount) * Unsafe.SizeOf<TLane>();
                var length = source.Lengths[entries[e]];
                var start = LaneBits - length;
                Lane(init, (group * InitBytes) + laneOffset) = TLane.CreateTruncating(length);
                Lane(init, (group * InitBytes) + GroupBytes + laneOffset) = TLane.One << start;
                for (var i = 0; i < length; i++)
                {
                    var row = symbolRows[position++];
                    Lane(masks, (((long)row * groups) + group) * GroupBytes + laneOffset) |= TLane.One << (start + i);
                }
            }

            return new Class<TLane>(entries, groups, masks, init, latin1Rows, otherRows);
        }

        public override long TableBytes => _masks.LongLength;

        public override int Shortest(int group, int[] lengths) => lengths[Entries[group * LaneCount]];

        public override int Longest(int group, int[] lengths) =>
            lengths[Entries[Math.Min((group + 1) * LaneCount, Entries.Length) - 1]];

        public override nint RowOffset(int codePoint)
        {
            var row = (uint)codePoint < 256 ? _latin1Rows[codePoint] : _otherRows?.GetValueOrDefault(codePoint) ?? 0;
            return (nint)row * Groups * GroupBytes;
        }

        public override void Offer(int group, nint[] rows, TopK top, int maxDistance, int width)
        {
            // Advance reads and writes without bounds checks, which holds because every offset stays in its array: the
            // row offsets come from RowOffset (row < rows, times Groups × 32), the group's column and half add at most
            // 32 bytes within its row, the init block is 64 bytes per group, and the scores buffer is one group wide.
            var bound = TLane.CreateTruncating(Math.Min(top.BoundForAnyIndex(maxDistance), MostScore));
            Span<byte> buffer = stackalloc byte[GroupBytes];
            var scores = MemoryMarshal.Cast<byte, TLane>(buffer);
            ref var masks = ref MemoryMarshal.GetArrayDataReference(_masks);
            ref var init = ref _init[group * InitBytes];
            ref var scoresOut = ref MemoryMarshal.GetReference(buffer);
            var column = (nint)group * GroupBytes;
            uint within;
            if (width == 256)
            {
                within = Advance<Width256<TLane>>(ref masks, column, rows, ref init, bound, ref scoresOut);
            }
            else
            {
                const int Half = GroupBytes / 2;
                within = Advance<Width128<TLane>>(ref masks, column, rows, ref init, bound, ref scoresOut)
                    | (Advance<Width128<TLane>>(ref masks, column + Half, rows, ref Unsafe.Add(ref init, Half), bound, ref Unsafe.Add(ref scoresOut, Half))
                        << (LaneCount / 2));
            }

            // The last group's lanes past the class's end hold nothing.
            var lanes = Math.Min(LaneCount, Entries.Length - (group * LaneCount));
            if (lanes < 32)
            {
                within &= (1u << lanes) - 1;
            }

            for (; within != 0; within &= within - 1)
            {
                var lane = BitOperations.TrailingZeroCount(within);
                var entry = Entries[(group * LaneCount) + lane];
                var distance = int.CreateTruncating(scores[lane]);
                if (distance <= top.Bound(maxDistance, entry))
                {
                    top.Add(entry, distance);
                }
            }
        }

        /// <summary>
        /// Myers' step for every lane of one vector, once per query symbol (the single-word recurrence of
        /// <c>Levenshtein.MyersSingleWord</c>, lane-wise); writes the lanes' distances to <paramref name="scoresOut"/>
        /// and returns the mask of the lanes within <paramref name="bound"/>.
        /// </summary>
        private static uint Advance<TVector>(ref byte masks, nint column, nint[] rows, ref byte init, TLane bound, ref byte scoresOut)
            where TVector : unmanaged, ILaneVector<TVector, TLane>
        {
            var last = LaneBits - 1;
            var vp = ~default(TVector);
            var vn = default(TVector);
            var score = Unsafe.ReadUnaligned<TVector>(ref init);
            var start = Unsafe.ReadUnaligned<TVector>(ref Unsafe.Add(ref init, GroupBytes));
            foreach (var row in rows)
            {
                var eq = Unsafe.ReadUnaligned<TVector>(ref Unsafe.Add(ref masks, row + column));
                var xv = eq | vn;
                var xh = (((eq & vp) + vp) ^ vp) | eq;
                var hp = vn | ~(xh | vp);
                var hn = vp & xh;

                // The last row of every lane is its top bit.
                score = score + (hp >>> last) - (hn >>> last);

                hp = (hp + hp) | start;
                hn += hn;
                vp = hn | ~(xv | hp);
                vn = hp & xv;
            }

            Unsafe.WriteUnaligned(ref scoresOut, score);
            return TVector.AtMost(score, bound);
        }

        /// <summary>The lane at <paramref name="offset"/> bytes into <paramref name="table"/>.</summary>
        private static ref TLane Lane(byte[] table, long offset) =>
            ref Unsafe.As<byte, TLane>(ref table[offset]);

        /// <summary>
        /// Numbers the code points of one entry, writing each one's row to <paramref name="symbolRows"/>; false once the
        /// rows would exceed <paramref name="mostRows"/>.
        /// </summary>
        private static bool NumberSymbols<T>(
            ReadOnlySpan<T> entry, int[] latin1Rows, ref Dictionary<int, int>? otherRows, ref int rowCount, Span<int> symbolRows, long mostRows)
            where T : unmanaged
        {
            // Locals rather than the ref parameters inside the loop, so that they stay in registers.
            var next = rowCount;
            for (var i = 0; i < entry.Length; i++)
            {
                var codePoint = CodePoints.Of(entry[i]);
                ref var row = ref ((uint)codePoint < 256
                    ? ref latin1Rows[codePoint]
                    : ref CollectionsMarshal.GetValueRefOrAddDefault(otherRows ??= [], codePoint, out _));
                if (row == 0)
                {
                    if (next >= mostRows)
                    {
                        return false;
                    }

                    row = next++;
                }

                symbolRows[i] = row;
            }

            rowCount = next;
            return true;
        }
    }

    /// <summary>
    /// What Myers' step needs of a vector of lanes, so that one kernel (<c>Class.Advance</c>) serves both widths: the
    /// JIT compiles it once per width and lane type, down to plain SIMD instructions. (Vector128 and Vector256
    /// implement the BCL's operator interfaces, but not in the public surface.)
    /// </summary>
    private interface ILaneVector<TSelf, TLane>
        where TSelf : unmanaged, ILaneVector<TSelf, TLane>
    {
        static abstract TSelf operator &(TSelf x, TSelf y);

        static abstract TSelf operator |(TSelf x, TSelf y);

        static abstract TSelf operator ^(TSelf x, TSelf y);

        static abstract TSelf operator ~(TSelf x);

        /// <summary>Lane-wise: no carry crosses into the next lane.</summary>
        static abstract TSelf operator +(TSelf x, TSelf y);

        static abstract TSelf operator -(TSelf x, TSelf y);

        static abstract TSelf operator >>>(TSelf x, int count);

        /// <summary>The lanes at most <paramref name="bound"/> (unsigned), one bit per lane.</summary>
        static abstract uint AtMost(TSelf x, TLane bound);
    }

    /// <summary>A group in one Vector256.</summary>
    private readonly struct Width256<TLane>(Vector256<TLane> lanes) : ILaneVector<Width256<TLane>, TLane>
        where TLane : unmanaged, IBinaryInteger<TLane>, IUnsignedNumber<TLane>
    {
        private readonly Vector256<TLane> _lanes = lanes;

        public static Width256<TLane> operator &(Width256<TLane> x, Width256<TLane> y) => new(x._lanes & y._lanes);

        public static Width256<TLane> operator |(Width256<TLane> x, Width256<TLane> y) => new(x._lanes | y._lanes);

        public static Width256<TLane> operator ^(Width256<TLane> x, Width256<TLane> y) => new(x._lanes ^ y._lanes);

        public static Width256<TLane> operator ~(Width256<TLane> x) => new(~x._lanes);

        public static Width256<TLane> operator +(Width256<TLane> x, Width256<TLane> y) => new(x._lanes + y._lanes);

        public static Width256<TLane> operator -(Width256<TLane> x, Width256<TLane> y) => new(x._lanes - y._lanes);

        public static Width256<TLane> operator >>>(Width256<TLane> x, int count) => new(x._lanes >>> count);

        public static uint AtMost(Width256<TLane> x, TLane bound) =>
            Vector256.LessThanOrEqual(x._lanes, Vector256.Create(bound)).ExtractMostSignificantBits();
    }

    /// <summary>Half a group in one Vector128 (<c>Class.Offer</c> runs the two halves).</summary>
    private readonly struct Width128<TLane>(Vector128<TLane> lanes) : ILaneVector<Width128<TLane>, TLane>
        where TLane : unmanaged, IBinaryInteger<TLane>, IUnsignedNumber<TLane>
    {
        private readonly Vector128<TLane> _lanes = lanes;

        public static Width128<TLane> operator &(Width128<TLane> x, Width128<TLane> y) => new(x._lanes & y._lanes);

        public static Width128<TLane> operator |(Width128<TLane> x, Width128<TLane> y) => new(x._lanes | y._lanes);

        public static Width128<TLane> operator ^(Width128<TLane> x, Width128<TLane> y) => new(x._lanes ^ y._lanes);

        public static Width128<TLane> operator ~(Width128<TLane> x) => new(~x._lanes);

        public static Width128<TLane> operator +(Width128<TLane> x, Width128<TLane> y) => new(x._lanes + y._lanes);

        public static Width128<TLane> operator -(Width128<TLane> x, Width128<TLane> y) => new(x._lanes - y._lanes);

        public static Width128<TLane> operator >>>(Width128<TLane> x, int count) => new(x._lanes >>> count);

        public static uint AtMost(Width128<TLane> x, TLane bound) =>
            Vector128.LessThanOrEqual(x._lanes, Vector128.Create(bound)).ExtractMostSignificantBits();
    }
}
