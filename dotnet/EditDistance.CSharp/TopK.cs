namespace EditDistance.CSharp;

/// <summary>
/// The <c>k</c> best matches seen so far: a max-heap whose root is the worst kept match, so that each candidate
/// costs one compare against the root and the root's distance bounds the next distance computation.
/// </summary>
/// <remarks>
/// The order is "distance, then index", so a candidate gets in when it is closer than the root, or as close with a
/// lower index. A scan over one contiguous range sees increasing indices, so there every later candidate loses
/// every tie; the lanes (<see cref="Lanes"/>) visit entries by length instead, and may still win one.
/// </remarks>
internal sealed class TopK
{
    private readonly Match[] _heap;
    private readonly SharedBound? _shared;
    private int _count;

    /// <param name="capacity">k, or fewer when fewer entries are searched.</param>
    /// <param name="shared">The bound the parts of one search share (lanes), or null.</param>
    public TopK(int capacity, SharedBound? shared = null)
    {
        _heap = new Match[capacity];
        _shared = shared;
    }

    /// <summary>
    /// The largest distance the candidate <paramref name="index"/> may have to get in: the caller's bound until the
    /// heap is full, then the worst kept distance, or one less when the worst kept match has a lower index (always,
    /// in an increasing scan); -1 when it cannot get in at all. (Rust: nearest.rs <c>top_k</c>, Python: nearest.py
    /// <c>top_k</c>.)
    /// </summary>
    public int Bound(int maxDistance, int index)
    {
        var bound = _count < _heap.Length
            ? maxDistance
            : Math.Min(maxDistance, _heap[0].Distance - (_heap[0].Index < index ? 1 : 0));
        return _shared is null ? bound : Math.Min(bound, _shared.Value);
    }

    /// <summary>
    /// The largest distance any candidate may have to get in, whatever its index: the bound of a whole lane group,
    /// whose entries are then held to <see cref="Bound(int, int)"/> one by one. (Rust: lanes.rs, Python: lanes.py.)
    /// </summary>
    public int BoundForAnyIndex(int maxDistance)
    {
        var bound = _count < _heap.Length ? maxDistance : Math.Min(maxDistance, _heap[0].Distance);
        return _shared is null ? bound : Math.Min(bound, _shared.Value);
    }

    /// <summary>Keeps the candidate; its distance must be within <see cref="Bound(int, int)"/> for its index.</summary>
    public void Add(int index, int distance)
    {
        var candidate = new Match(index, distance);
        if (_count < _heap.Length)
        {
            SiftUp(_count++, candidate);
        }
        else
        {
            SiftDown(0, candidate);
        }

        if (_shared is not null && _count == _heap.Length)
        {
            _shared.Lower(_heap[0].Distance);
        }
    }

    /// <summary>The kept matches, in no particular order.</summary>
    public ReadOnlySpan<Match> Items => _heap.AsSpan(0, _count);

    /// <summary>The kept matches in the contract's order.</summary>
    public Match[] ToSortedArray()
    {
        var matches = Items.ToArray();
        Sort(matches);
        return matches;
    }

    /// <summary>Sorts matches by distance, then by index: the contract's order.</summary>
    public static void Sort(Span<Match> matches) => matches.Sort(static (x, y) =>
        x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Index.CompareTo(y.Index));

    // "Worse" is the larger (distance, index): the root is the first match to drop.
    private static bool Worse(Match x, Match y) =>
        x.Distance != y.Distance ? x.Distance > y.Distance : x.Index > y.Index;

    private void SiftUp(int hole, Match item)
    {
        while (hole > 0)
        {
            var parent = (hole - 1) >> 1;
            if (!Worse(item, _heap[parent]))
            {
                break;
            }

            _heap[hole] = _heap[parent];
            hole = parent;
        }

        _heap[hole] = item;
    }

    private void SiftDown(int hole, Match item)
    {
        while (true)
        {
            var child = (2 * hole) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Worse(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Worse(_heap[child], item))
            {
                break;
            }

            _heap[hole] = _heap[child];
            hole = child;
        }

        _heap[hole] = item;
    }
}

/// <summary>
/// The smallest worst distance among the full heaps of the parts of one search, so that the parts stop where one
/// search would, however the entries fall between them.
/// </summary>
/// <remarks>
/// A part whose heap is full with worst distance d holds k matches at most d away, so no entry farther than d is
/// among the k best, whichever part meets it. One exactly d away may still win a tie on its index, so d bounds the
/// other parts, not d − 1.
/// </remarks>
internal sealed class SharedBound
{
    private int _value = int.MaxValue;

    public int Value => Volatile.Read(ref _value);

    /// <summary>Lowers the bound to <paramref name="distance"/> unless it is already lower.</summary>
    public void Lower(int distance)
    {
        var current = Volatile.Read(ref _value);
        while (distance < current)
        {
            var seen = Interlocked.CompareExchange(ref _value, distance, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
