using System.Runtime.CompilerServices;

namespace EditDistance.CSharp;

/// <summary>
/// The masks of the one-word band (<see cref="Levenshtein"/>'s <c>HyyroBandWord</c>): for each code point, its positions
/// in the window of 64 pattern positions that the word reads, kept as of the window start at which it was last updated
/// and shifted to the current start when read. The window moves one position per column, so a position costs one update
/// when it enters and nothing after, and the pattern is read only as far as the band reaches.
/// </summary>
/// <remarks>
/// Window starts are numbered across calls: each call takes numbers above every earlier call's, at least 64 apart, so
/// entries an earlier call left read as empty and nothing is cleared between calls. Latin-1 code points are indexed
/// directly; the others share a map of 256 slots, which holds at most the 64 code points in the window plus 64 entered
/// since it was last compacted. Memory is fixed (10 KiB per thread), whatever the pattern and its alphabet. Rust:
/// bitparallel.rs, <c>WindowMasks</c>.
/// </remarks>
internal sealed class WindowMasks
{
    private const int Direct = 256;
    private const int Slots = 256;
    private const int EmptyKey = -1;

    [ThreadStatic]
    private static WindowMasks? t_cached;

    private readonly Entry[] _direct = new Entry[Direct];
    private readonly int[] _keys = new int[Slots];
    private readonly Entry[] _values = new Entry[Slots];

    // Slots in use, and how many of them were taken since the map was last compacted: at 64 it is compacted, so that at
    // most 128 of its 256 slots are ever in use.
    private int _taken;
    private int _fresh;

    // The start the next call numbers from: 64 above the entries' initial start of 0, so that they read as empty.
    private ulong _next = 64;

    private WindowMasks() => Array.Fill(_keys, EmptyKey);

    /// <summary>This thread's instance.</summary>
    public static WindowMasks ForThread() => t_cached ??= new WindowMasks();

    /// <summary>
    /// Prepares a call on a pattern of <paramref name="n"/> and a text of <paramref name="m"/> code points; returns the
    /// first start it may use. Its starts stay below that plus <c>n + m + 64</c>.
    /// </summary>
    public ulong Begin(int n, int m)
    {
        if (_taken != 0)
        {
            Array.Fill(_keys, EmptyKey);
            _taken = 0;
            _fresh = 0;
        }

        var first = _next;
        var span = (ulong)n + (ulong)m + 128;
        if (first > ulong.MaxValue - span)
        {
            // Never in practice (2^64 positions); start the numbering afresh rather than wrap.
            Array.Clear(_direct);
            _next = 64;
            return Begin(n, m);
        }

        _next = first + span;
        return first;
    }

    /// <summary>Adds the pattern position that enters the window at <paramref name="start"/> (bit 63) for <paramref name="codePoint"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter(int codePoint, ulong start)
    {
        if ((uint)codePoint < Direct)
        {
            Update(ref _direct[codePoint], start);
        }
        else
        {
            Update(ref _values[Slot(codePoint, start)], start);
        }
    }

    /// <summary>The positions of <paramref name="codePoint"/> in the window at <paramref name="start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Get(int codePoint, ulong start)
    {
        if ((uint)codePoint < Direct)
        {
            var entry = _direct[codePoint];
            return Shifted(entry.Mask, start - entry.Start);
        }

        return _taken == 0 ? 0 : GetMapped(codePoint, start);
    }

    private ulong GetMapped(int codePoint, ulong start)
    {
        var slot = Find(codePoint);
        return slot < 0 ? 0 : Shifted(_values[slot].Mask, start - _values[slot].Start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(ref Entry entry, ulong start)
    {
        entry.Mask = Shifted(entry.Mask, start - entry.Start) | (1UL << 63);
        entry.Start = start;
    }

    /// <summary>
    /// <paramref name="mask"/> moved down by <paramref name="by"/> positions: empty once they all left. Without a branch:
    /// whether an entry is recent is as good as random.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Shifted(ulong mask, ulong by) => (mask >> (int)(by & 63)) & (by < 64 ? ulong.MaxValue : 0);

    // Fibonacci hashing, the top 8 bits: code points of one script are consecutive.
    private static int Home(int codePoint) => (int)(((uint)codePoint * 0x9E3779B1u) >> 24);

    private int Find(int codePoint)
    {
        var slot = Home(codePoint);
        while (true)
        {
            var key = _keys[slot];
            if (key == codePoint)
            {
                return slot;
            }

            if (key == EmptyKey)
            {
                return -1;
            }

            slot = (slot + 1) % Slots;
        }
    }

    /// <summary>The slot of <paramref name="codePoint"/>, taken when new; the map is compacted first when it would otherwise fill past half.</summary>
    private int Slot(int codePoint, ulong start)
    {
        var found = Find(codePoint);
        if (found >= 0)
        {
            return found;
        }

        if (_fresh == 64)
        {
            Compact(start);
        }

        var slot = Free(codePoint);
        _keys[slot] = codePoint;
        _values[slot] = new Entry(0, start);
        _taken++;
        _fresh++;
        return slot;
    }

    private int Free(int codePoint)
    {
        var slot = Home(codePoint);
        while (_keys[slot] != EmptyKey)
        {
            slot = (slot + 1) % Slots;
        }

        return slot;
    }

    /// <summary>Keeps only the entries with a position still in the window at <paramref name="start"/>: at most 64, one per position.</summary>
    private void Compact(ulong start)
    {
        Span<(int Key, ulong Mask)> live = stackalloc (int, ulong)[64];
        var count = 0;
        for (var slot = 0; slot < Slots; slot++)
        {
            var mask = _keys[slot] == EmptyKey ? 0 : Shifted(_values[slot].Mask, start - _values[slot].Start);
            if (mask != 0)
            {
                live[count++] = (_keys[slot], mask);
            }
        }

        Array.Fill(_keys, EmptyKey);
        _taken = count;
        _fresh = 0;
        foreach (var (key, mask) in live[..count])
        {
            var slot = Free(key);
            _keys[slot] = key;
            _values[slot] = new Entry(mask, start);
        }
    }

    /// <summary>The slots in use, for the tests of the memory bound.</summary>
    internal int Taken => _taken;

    private record struct Entry(ulong Mask, ulong Start);
}
