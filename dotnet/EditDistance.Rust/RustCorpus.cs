using System.Buffers;

namespace EditDistance.Rust;

/// <summary>
/// A corpus held by the Rust library: converted and validated once, queried many times without copying it again.
/// </summary>
/// <remarks>
/// Thread-safe: the native corpus is immutable, and any number of threads may query it at once, also while another
/// thread disposes it (the query in flight keeps it alive; later calls throw <see cref="ObjectDisposedException"/>).
/// </remarks>
public sealed unsafe partial class RustCorpus : ICorpus
{
    /// <summary>Up to this many results go into a stack buffer; more come from the shared array pool.</summary>
    private const int StackMatches = 64;

    private readonly CorpusHandle handle;
    private readonly Strategy strategy;

    internal RustCorpus(Strategy strategy, IReadOnlyList<string> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        this.strategy = strategy;

        // One buffer with every entry back to back plus the end offsets: a single crossing for the whole corpus,
        // instead of one marshalled string per entry. Rust copies what it keeps, so both buffers are pooled.
        long total = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            total += (corpus[i] ?? throw NullEntryOrEarlierMistake(corpus, i)).Length;
        }

        if (total > Array.MaxLength)
        {
            throw new ArgumentException("The corpus holds more text than one buffer can carry.", nameof(corpus));
        }

        var text = ArrayPool<char>.Shared.Rent((int)total);
        var ends = ArrayPool<nuint>.Shared.Rent(corpus.Count);
        handle = new CorpusHandle();
        try
        {
            var end = 0;
            for (var i = 0; i < corpus.Count; i++)
            {
                var entry = corpus[i];
                entry.CopyTo(text.AsSpan(end));
                end += entry.Length;
                ends[i] = (nuint)end;
            }

            EdCorpus* created;
            EdErrorInfo error = default;
            EdStatus status;
            fixed (char* pText = text)
            fixed (nuint* pEnds = ends)
            {
                status = NativeMethods.ed_corpus_new((ushort*)pText, (nuint)total, pEnds, (nuint)corpus.Count, &created, &error);
            }

            NativeMethods.ThrowIfFailed(status, error);
            handle.Own(created);

            nuint count;
            NativeMethods.ThrowIfFailed(NativeMethods.ed_corpus_len(created, &count), default);
            Count = checked((int)count);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(text);
            ArrayPool<nuint>.Shared.Return(ends);
        }
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public IReadOnlyList<Match> Nearest(string query, int k, int? maxDistance = null, int threads = 1)
    {
        if (query is null || k < 0 || maxDistance < 0 || threads < 1)
        {
            // The first mistake in argument order: Rust finds a lone surrogate in the query only after these.
            Arguments.ThrowFirstSearchMistake(query, k, maxDistance, threads);
        }

        ObjectDisposedException.ThrowIf(handle.IsClosed, this);

        // Rust writes at most min(k, Count) matches and refuses a smaller buffer, so sizing it so makes
        // BufferTooSmall impossible.
        var capacity = Math.Min(k, Count);
        EdMatch[]? rented = null;
        var buffer = capacity <= StackMatches
            ? stackalloc EdMatch[StackMatches]
            : rented = ArrayPool<EdMatch>.Shared.Rent(capacity);
        var addedRef = false;
        try
        {
            // Keeps the native corpus alive for the duration of the call even if another thread disposes this
            // object meanwhile; throws ObjectDisposedException when it already is.
            handle.DangerousAddRef(ref addedRef);
            nuint count;
            EdErrorInfo error = default;
            EdStatus status;
            fixed (char* pQuery = query)
            fixed (EdMatch* pMatches = buffer)
            {
                status = NativeMethods.ed_corpus_nearest(
                    handle.Pointer,
                    (uint)strategy,
                    (ushort*)pQuery,
                    (nuint)query.Length,
                    (uint)k,
                    maxDistance is { } bound ? (uint)bound : NativeMethods.NoBound,
                    (uint)threads,
                    pMatches,
                    (nuint)buffer.Length,
                    &count,
                    &error);
            }

            NativeMethods.ThrowIfFailed(status, error);
            var matches = new Match[(int)count];
            for (var i = 0; i < matches.Length; i++)
            {
                matches[i] = new Match((int)buffer[i].index, (int)buffer[i].distance);
            }

            return matches;
        }
        finally
        {
            if (addedRef)
            {
                handle.DangerousRelease();
            }

            if (rented is not null)
            {
                ArrayPool<EdMatch>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Releases the native corpus (once the queries in flight, if any, have finished).</summary>
    public void Dispose() => handle.Dispose();

    /// <summary>
    /// The error for a null entry at <paramref name="index"/>, unless an earlier entry holds a lone surrogate: that
    /// one comes first, as in the other implementations, but Rust would only find it after this loop.
    /// </summary>
    private static Exception NullEntryOrEarlierMistake(IReadOnlyList<string> corpus, int index)
    {
        for (var i = 0; i < index; i++)
        {
            var position = Arguments.FindLoneSurrogate(corpus[i]);
            if (position >= 0)
            {
                return Arguments.LoneSurrogate(nameof(corpus), position, i);
            }
        }

        return Arguments.NullEntry(nameof(corpus), index);
    }
}
