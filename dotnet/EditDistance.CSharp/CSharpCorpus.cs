using System.Buffers;

namespace EditDistance.CSharp;

/// <summary>
/// A corpus validated and measured once: the strings themselves (the algorithms read their UTF-16 memory
/// directly), the code point length of every entry, and decoded code points for the few entries that hold
/// surrogate pairs.
/// </summary>
/// <remarks>
/// <see cref="Nearest"/> scans the entries keeping the k best in a bounded heap whose worst distance bounds every
/// following distance computation, so most entries are rejected by the length gap alone or after a few columns.
/// With the bit-parallel strategy, entries of 1–64 code points are searched many at a time in SIMD lanes, from
/// tables built with the corpus (<see cref="Lanes"/>); the others, and every entry when no vector hardware is
/// there, are scanned one by one: a query of 1–64 code points has its pattern-match vectors built once per search
/// and each entry is then scanned as the text (the same as Rust and Python); longer queries go pair by pair.
/// With several threads, each takes its share of the lane groups and of the other entries (without lanes, one
/// contiguous range) with its own heap; the merge sorts by (distance, index), which makes the result identical to
/// the single-threaded one. Thread-safe: queries share no mutable state.
/// </remarks>
public sealed class CSharpCorpus : ICorpus
{
    private readonly Strategy _strategy;
    private readonly string[] _entries;
    private readonly int[] _lengths;
    private readonly int[]?[] _decoded;
    private readonly bool _anyDecoded;

    /// <summary>The lane tables (bit-parallel strategy, vector hardware), built once here and only read by searches.</summary>
    private readonly Lanes? _lanes;
    // Volatile: Dispose may run on another thread than the queries, which must see it at their next call.
    private volatile bool _disposed;

    /// <param name="strategy">The algorithm.</param>
    /// <param name="corpus">The entries.</param>
    /// <param name="paramName">The caller's name for <paramref name="corpus"/>, in the exceptions.</param>
    /// <param name="buildLanes">
    /// False for a corpus that serves one search: building the lane tables costs more than the one scan they would
    /// speed up, so it searches entry by entry. Python's one-off <c>nearest</c> over a list does the same.
    /// </param>
    internal CSharpCorpus(Strategy strategy, IReadOnlyList<string> corpus, string paramName, bool buildLanes = true)
    {
        // The same checks as Arguments.ThrowIfInvalid(corpus), done in the pass that prepares each entry.
        ArgumentNullException.ThrowIfNull(corpus, paramName);
        _strategy = strategy;
        _entries = new string[corpus.Count];
        _lengths = new int[corpus.Count];
        _decoded = new int[]?[corpus.Count];
        for (var i = 0; i < _entries.Length; i++)
        {
            var entry = corpus[i] ?? throw Arguments.NullEntry(paramName, i);
            _entries[i] = entry;
            if (!CodePoints.HasSurrogate(entry))
            {
                _lengths[i] = entry.Length;
                continue;
            }

            var position = Arguments.FindLoneSurrogate(entry);
            if (position >= 0)
            {
                throw Arguments.LoneSurrogate(paramName, position, i);
            }

            var codePoints = CodePoints.Decode(entry);
            _decoded[i] = codePoints;
            _lengths[i] = codePoints.Length;
            _anyDecoded = true;
        }

        // Same tables, built when the corpus is: Rust `Corpus::new` (lanes.rs), Python lanes.py.
        if (strategy == Strategy.BitParallel && buildLanes)
        {
            _lanes = Lanes.Create(_entries, _decoded, _lengths);
        }
    }

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <summary>The lane tables, for the tests; null with Wagner–Fischer or without vector hardware.</summary>
    internal Lanes? LaneTables => _lanes;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1, or <paramref name="k"/> or <paramref name="maxDistance"/> is negative.</exception>
    public IReadOnlyList<Match> Nearest(string query, int k, int? maxDistance = null, int threads = 1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var decodeQuery = CodePoints.NeedsDecoding(query, nameof(query));
        Arguments.ThrowIfNegative(k);
        Arguments.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);

        return NearestInParts(query, decodeQuery, k, maxDistance, Partitions(threads, _entries.Length));
    }

    /// <summary>
    /// <see cref="Nearest"/> on valid arguments, split into <paramref name="partitions"/> parts searched in parallel
    /// whatever the machine (the tests split more ways than their machine has cores).
    /// </summary>
    internal IReadOnlyList<Match> NearestInParts(string query, bool decodeQuery, int k, int? maxDistance, int partitions)
    {
        if (k == 0 || _entries.Length == 0)
        {
            return [];
        }

        // The query goes to code points when it or any entry needs them; then every comparison runs on ints.
        var search = new Search(
            this, query, decodeQuery || _anyDecoded ? CodePoints.Decode(query) : null, maxDistance ?? int.MaxValue);

        if (partitions == 1)
        {
            return search.Run(0, 1, k, null).ToSortedArray();
        }

        var heaps = new TopK[partitions];
        var shared = new SharedBound();
        Parallel.For(
            0,
            partitions,
            new ParallelOptions { MaxDegreeOfParallelism = partitions },
            p => heaps[p] = search.Run(p, partitions, k, shared));

        // Each part's heap holds every one of the global k best that lies in that part, so the union holds them
        // all; sorting by (distance, index) then picks exactly what one thread would have picked.
        var all = new List<Match>();
        foreach (var heap in heaps)
        {
            all.AddRange(heap.Items);
        }

        var merged = all.ToArray();
        TopK.Sort(merged);
        return merged.Length <= k ? merged : merged[..k];
    }

    /// <summary>
    /// How many ranges a search of <paramref name="entries"/> entries is split into when <paramref name="threads"/>
    /// are asked for (Rust: nearest.rs, <c>worker_count</c>).
    /// </summary>
    /// <remarks>
    /// Never more than the machine runs at once: more would only add start-up costs, heaps to merge and contention,
    /// and <c>threads: int.MaxValue</c> on a large corpus would otherwise ask for thousands of workers per query. Nor
    /// more than the entries justify: below a few thousand entries a thread costs more to start than it saves.
    /// </remarks>
    internal static int Partitions(int threads, int entries) =>
        Math.Max(1, Math.Min(Math.Min(threads, Environment.ProcessorCount), entries / 2048));

    /// <summary>Nothing unmanaged is held; disposing only makes further queries fail fast.</summary>
    public void Dispose() => _disposed = true;

    /// <summary>One query against the corpus; immutable, so ranges can be scanned on several threads at once.</summary>
    private sealed class Search
    {
        private readonly CSharpCorpus _corpus;
        private readonly string _query;
        private readonly int[]? _queryCodePoints;
        private readonly int _maxDistance;
        private readonly int _queryLength;

        /// <summary>
        /// The query's pattern-match vectors (bit-parallel, 1–64 code points), built once per search and only read
        /// afterwards, by every thread. The query is then the pattern of every comparison, so a short entry costs
        /// one step per entry character and no table at all, where the per-pair path built a table for the shorter
        /// string (the entry) and stepped through the whole query. Null for the other cases, which keep the
        /// per-pair path: Wagner–Fischer, and queries beyond one word, which the length gap already makes cheap
        /// against short entries (as in Rust and Python); null too when the lanes leave no entry to scan alone.
        /// </summary>
        private readonly PatternMatchVectors? _prebuilt;

        /// <summary>
        /// The lane tables' view of this query, and the vector width, when the lanes take part: then only the entries
        /// of <see cref="Lanes.Query.Scalar"/> are measured one by one. Null without lane tables or with the lanes
        /// switched off (<see cref="Lanes.ForcedWidth"/> 0), when every entry is.
        /// </summary>
        private readonly Lanes.Query? _laneQuery;

        private readonly int _width;

        public Search(CSharpCorpus corpus, string query, int[]? queryCodePoints, int maxDistance)
        {
            _corpus = corpus;
            _query = query;
            _queryCodePoints = queryCodePoints;
            _maxDistance = maxDistance;
            _queryLength = queryCodePoints?.Length ?? query.Length;
            _width = Lanes.Width;
            if (corpus._lanes is { } lanes && _width != 0)
            {
                _laneQuery = queryCodePoints is null ? lanes.Prepare(query.AsSpan()) : lanes.Prepare<int>(queryCodePoints);
            }

            if (corpus._strategy == Strategy.BitParallel && _queryLength is >= 1 and <= 64 && _laneQuery?.Scalar.Length != 0)
            {
                // Keyed by code point: the same table serves UTF-16 entries and decoded ones.
                _prebuilt = queryCodePoints is null
                    ? PatternMatchVectors.Create(query.AsSpan())
                    : PatternMatchVectors.Create<int>(queryCodePoints);
            }
        }

        /// <summary>
        /// The k best of part <paramref name="part"/> of <paramref name="parts"/> of the corpus; with the lanes, the
        /// parts share <paramref name="shared"/>.
        /// </summary>
        public TopK Run(int part, int parts, int k, SharedBound? shared)
        {
            int[]? widened = null;
            try
            {
                if (_laneQuery is null)
                {
                    // One contiguous range, in increasing order.
                    var (start, end) = Range(_corpus._entries.Length, part, parts);
                    var range = new TopK(Math.Min(k, end - start));
                    for (var i = start; i < end; i++)
                    {
                        var bound = range.Bound(_maxDistance, i);
                        if (bound < 0)
                        {
                            // k exact matches already: later entries lose every tie, so none can get in (Rust:
                            // nearest.rs `top_k`, Python: nearest.py `top_k`).
                            break;
                        }

                        Consider(range, i, bound, ref widened);
                    }

                    return range;
                }

                // The lanes visit entries out of index order, so every candidate is held to the bound of its own index.
                // The parts share their bound: each takes groups of every length, and on its own a part whose first
                // groups were poor would go on visiting groups that another part's matches already rule out.
                var top = new TopK(Math.Min(k, _corpus._entries.Length), shared);
                _corpus._lanes!.Search(_laneQuery, top, _maxDistance, _width, part, parts);
                var (first, last) = Range(_laneQuery.Scalar.Length, part, parts);
                foreach (var i in _laneQuery.Scalar.AsSpan(first, last - first))
                {
                    var bound = top.Bound(_maxDistance, i);
                    if (bound >= 0)
                    {
                        Consider(top, i, bound, ref widened);
                    }
                }

                return top;
            }
            finally
            {
                if (widened is not null)
                {
                    ArrayPool<int>.Shared.Return(widened);
                }
            }
        }

        /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of <paramref name="count"/> items, as a range.</summary>
        private static (int Start, int End) Range(int count, int part, int parts) =>
            ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

        /// <summary>Measures entry <paramref name="i"/> one by one and keeps it when it is within <paramref name="bound"/>.</summary>
        private void Consider(TopK top, int i, int bound, ref int[]? widened)
        {
            // The length gap is a lower bound on the distance, known without touching the text (Rust:
            // nearest.rs `Searcher::distance`, Python: dp.py and bitparallel.py `_nearest`).
            if (Math.Abs(_corpus._lengths[i] - _queryLength) > bound)
            {
                return;
            }

            var distance = _prebuilt is not null ? MeasurePrebuilt(_prebuilt, i, bound) : Measure(i, bound, ref widened);
            if (distance <= bound)
            {
                top.Add(i, distance);
            }
        }

        private int MeasurePrebuilt(PatternMatchVectors prebuilt, int i, int bound) =>
            _corpus._decoded[i] is { } decoded
                ? Levenshtein.DistancePrebuilt<int>(prebuilt, _queryLength, decoded, bound)
                : Levenshtein.DistancePrebuilt(prebuilt, _queryLength, _corpus._entries[i].AsSpan(), bound);

        private int Measure(int i, int bound, ref int[]? widened)
        {
            var entry = _corpus._entries[i];
            if (_queryCodePoints is null)
            {
                return Levenshtein.Distance(_corpus._strategy, _query.AsSpan(), entry.AsSpan(), bound);
            }

            if (_corpus._decoded[i] is { } decoded)
            {
                return Levenshtein.Distance<int>(_corpus._strategy, _queryCodePoints, decoded, bound);
            }

            // A surrogate-free entry against a decoded query: widen it to ints in a buffer reused for the range.
            if (widened is null || widened.Length < entry.Length)
            {
                if (widened is not null)
                {
                    ArrayPool<int>.Shared.Return(widened);
                }

                widened = ArrayPool<int>.Shared.Rent(Math.Max(entry.Length, 256));
            }

            var codePoints = widened.AsSpan(0, entry.Length);
            CodePoints.Widen(entry, codePoints);
            return Levenshtein.Distance<int>(_corpus._strategy, _queryCodePoints, codePoints, bound);
        }
    }
}
