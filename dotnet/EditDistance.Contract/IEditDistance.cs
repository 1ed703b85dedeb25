namespace EditDistance;

/// <summary>
/// Levenshtein edit distance (insert, delete, substitute; each costs 1) counted in Unicode scalar values
/// (code points), not UTF-16 code units: <c>Distance("😀", "") == 1</c>. No normalization is applied, so a
/// precomposed "é" and "e" + U+0301 differ.
/// </summary>
/// <remarks>
/// Implemented three times — Rust through P/Invoke (or out of process, over a socket), pure C#, Python through
/// pythonnet — each with both <see cref="EditDistance.Strategy"/> values. All of them throw the same exceptions:
/// <see cref="ArgumentNullException"/> for a null string or corpus entry, <see cref="ArgumentException"/>
/// naming the position of a lone surrogate (a string that is not valid UTF-16), and
/// <see cref="ArgumentOutOfRangeException"/> for a negative <c>k</c> or <c>maxDistance</c>.
/// Instances are thread-safe.
/// </remarks>
public interface IEditDistance
{
    /// <summary>
    /// Which implementation computes the distance: "rust", "csharp" or "python" in process, or "rust-remote-binary" /
    /// "rust-remote-json" (the Rust library in edit-distance-server, reached over a socket in either wire format).
    /// </summary>
    string Implementation { get; }

    /// <summary>The algorithm used.</summary>
    Strategy Strategy { get; }

    /// <summary>The exact edit distance between <paramref name="a"/> and <paramref name="b"/>.</summary>
    int Distance(string a, string b);

    /// <summary>
    /// The exact distance when it is at most <paramref name="maxDistance"/>; otherwise
    /// <c>maxDistance + 1</c>. The bound lets an implementation stop early.
    /// </summary>
    int Distance(string a, string b, int maxDistance);

    /// <summary>
    /// The <paramref name="k"/> corpus entries closest to <paramref name="query"/>, sorted by distance, ties
    /// broken by the lower index. Entries farther than <paramref name="maxDistance"/> (when given) are left out.
    /// </summary>
    /// <remarks>Converts the corpus on every call; to query one corpus many times, use <see cref="CreateCorpus"/>.</remarks>
    IReadOnlyList<Match> Nearest(string query, IReadOnlyList<string> corpus, int k, int? maxDistance = null);

    /// <summary>
    /// Converts <paramref name="corpus"/> once into this implementation's own representation (a native handle,
    /// Python objects, decoded code points) so that many queries pay for that conversion only once.
    /// </summary>
    ICorpus CreateCorpus(IReadOnlyList<string> corpus);
}

/// <summary>A corpus prepared by <see cref="IEditDistance.CreateCorpus"/>. Dispose it to release what it holds.</summary>
public interface ICorpus : IDisposable
{
    /// <summary>Number of entries.</summary>
    int Count { get; }

    /// <summary>Same contract as <see cref="IEditDistance.Nearest"/>.</summary>
    /// <param name="query">The string to search for.</param>
    /// <param name="k">How many entries to return at most.</param>
    /// <param name="maxDistance">Leave out entries farther than this.</param>
    /// <param name="threads">
    /// How many threads may share the search (at least 1). An implementation that cannot use more than one
    /// (Python: the GIL serializes threads) throws <see cref="NotSupportedException"/> for more than 1.
    /// </param>
    IReadOnlyList<Match> Nearest(string query, int k, int? maxDistance = null, int threads = 1);
}
