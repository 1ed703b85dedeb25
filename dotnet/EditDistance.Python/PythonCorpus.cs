using System.Runtime.InteropServices;
using Python.Runtime;

namespace EditDistance.Python;

/// <summary>
/// A corpus converted once into a Python <c>edit_distance.Corpus</c>. Dispose it to release the Python objects.
/// </summary>
/// <remarks>
/// It holds its own reference to the strategy's <c>nearest</c>, so it keeps working after the
/// <see cref="PythonEditDistance"/> that created it is disposed. Disposing it while another thread queries it is
/// safe: that query completes or throws <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class PythonCorpus : ICorpus
{
    private readonly OwnedPythonObjects<(PyObject Corpus, PyObject Nearest)> python;

    /// <param name="corpus">The converted corpus; this instance owns it.</param>
    /// <param name="count">Its number of entries.</param>
    /// <param name="nearest">The strategy's <c>nearest</c>: a reference of this instance's own, which it releases.</param>
    internal PythonCorpus(PyObject corpus, int count, PyObject nearest)
    {
        python = new((corpus, nearest), typeof(PythonCorpus));
        Count = count;
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException"><paramref name="threads"/> is more than 1.</exception>
    public IReadOnlyList<Match> Nearest(string query, int k, int? maxDistance = null, int threads = 1)
    {
        Arguments.ThrowIfInvalid(query);
        Arguments.ThrowIfNegative(k);
        Arguments.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (threads > 1)
        {
            throw new NotSupportedException(
                "The Python implementation searches on one thread: CPython's global interpreter lock (GIL) lets only " +
                "one thread run Python code at a time, so more threads would add contention, not speed. Pass threads: 1.");
        }

        return python.Run((query, k, maxDistance), static (objects, s) =>
            Query(objects.Nearest, objects.Corpus, s.query, s.k, s.maxDistance));
    }

    /// <summary>
    /// Releases the Python objects (under the GIL, as every Python reference count change must be). Idempotent;
    /// later queries throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose() => python.Dispose();

    /// <summary>Converts a checked corpus into an <c>edit_distance.Corpus</c>. Call with the GIL held.</summary>
    /// <remarks>
    /// One Python string for the whole corpus plus one for the lengths, instead of one Python string per entry:
    /// measured ~25 ns per entry against ~100 ns for a list of strings. Entries are cut by length rather than split
    /// at a separator because no character is safe as a separator: NUL, newline and every other code point are legal
    /// inside an entry. Lengths are in code points, the unit Python slices by, and travel as the bytes of 32-bit
    /// integers packed one per character (0–255), which Python reads with <c>array.frombytes</c> in C.
    /// </remarks>
    internal static PyObject ToPython(IReadOnlyList<string> corpus)
    {
        var total = 0L;
        for (var i = 0; i < corpus.Count; i++)
        {
            total += corpus[i].Length;
        }

        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"The corpus holds {total} UTF-16 code units; at most {Array.MaxLength} fit in one conversion.", nameof(corpus));
        }

        var joined = string.Create((int)total, corpus, static (destination, entries) =>
        {
            for (var i = 0; i < entries.Count; i++)
            {
                entries[i].CopyTo(destination);
                destination = destination[entries[i].Length..];
            }
        });
        var lengths = string.Create(checked(corpus.Count * sizeof(int)), corpus, static (destination, entries) =>
        {
            Span<byte> bytes = stackalloc byte[sizeof(int)];
            for (var i = 0; i < entries.Count; i++)
            {
                // Native byte order on both sides: Python's array('i') runs in this very process.
                MemoryMarshal.Write(bytes, CodePointLength(entries[i]));
                for (var j = 0; j < bytes.Length; j++)
                {
                    destination[(i * sizeof(int)) + j] = (char)bytes[j];
                }
            }
        });

        using var text = new PyString(joined);
        using var packed = new PyString(lengths);
        using var fromJoined = PythonRuntime.BoundaryModule.GetAttr("corpus_from_joined");
        return fromJoined.Invoke(text, packed);
    }

    /// <summary>Calls a strategy's <c>nearest</c> and converts its list of Match. Call with the GIL held.</summary>
    internal static Match[] Query(PyObject nearest, PyObject corpus, string query, int k, int? maxDistance)
    {
        using var pythonQuery = new PyString(query);
        using var pythonK = new PyInt(k);
        using var pythonBound = maxDistance is { } bound ? new PyInt(bound) : null;
        using var found = pythonBound is not null
            ? nearest.Invoke(pythonQuery, corpus, pythonK, pythonBound)
            : nearest.Invoke(pythonQuery, corpus, pythonK);
        var matches = new Match[found.Length()];
        for (var i = 0; i < matches.Length; i++)
        {
            using var match = found.GetItem(i);
            using var index = match.GetItem(0);
            using var distance = match.GetItem(1);
            matches[i] = new Match(index.As<int>(), distance.As<int>());
        }

        return matches;
    }

    /// <summary>Length in code points of a string already checked to be valid UTF-16 (every surrogate is in a pair).</summary>
    private static int CodePointLength(string entry)
    {
        var span = entry.AsSpan();
        var first = span.IndexOfAnyInRange('\uDC00', '\uDFFF');
        if (first < 0)
        {
            return span.Length;
        }

        var pairs = 0;
        foreach (var c in span[first..])
        {
            if (char.IsLowSurrogate(c))
            {
                pairs++;
            }
        }

        return span.Length - pairs;
    }
}
