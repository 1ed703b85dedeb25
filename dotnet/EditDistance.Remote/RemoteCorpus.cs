namespace EditDistance.Remote;

/// <summary>
/// A corpus held by <c>edit-distance-server</c>: sent once (<c>corpus_create</c>), then queried by its id, and freed
/// (<c>corpus_free</c>) on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// The server keeps a corpus for the connection that created it, so this object keeps that connection for itself
/// (out of its creator's pool) until it is disposed; it keeps working after its creator is disposed. Queries on one
/// corpus therefore take turns on that connection: from many threads they are correct but serialized. For parallel
/// work on one corpus, pass <c>threads</c> (the server splits the search), or create the corpus once per worker.
/// <para>Thread-safe, Dispose included: the disposed check and the use of the connection happen under one lock, so a
/// query never sends an id that was freed. A query in flight when another thread disposes finishes first (Dispose
/// waits for it); later queries throw <see cref="ObjectDisposedException"/>. Should the connection be lost, the server
/// has freed the corpus with it, and every later query throws <see cref="RemoteException"/>. Same pattern as the
/// in-process owners: the Rust corpus's <c>CorpusHandle</c> (a reference count), the Python one's
/// <c>OwnedPythonObjects</c> (the GIL).</para>
/// </remarks>
public sealed class RemoteCorpus : ICorpus
{
    private readonly object gate = new();
    private readonly ConnectionPool owner;
    private readonly Strategy strategy;
    private readonly ulong id;
    private Connection? connection;

    internal RemoteCorpus(ConnectionPool owner, Connection connection, Strategy strategy, ulong id, int count)
    {
        this.owner = owner;
        this.connection = connection;
        this.strategy = strategy;
        this.id = id;
        Count = count;
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    /// <exception cref="RemoteException">The service failed, or the connection holding the corpus was lost earlier.</exception>
    public IReadOnlyList<Match> Nearest(string query, int k, int? maxDistance = null, int threads = 1)
    {
        if (query is null || k < 0 || maxDistance < 0 || threads < 1)
        {
            // The first mistake in argument order: the server finds a lone surrogate in the query only after these.
            Arguments.ThrowFirstSearchMistake(query, k, maxDistance, threads);
        }

        lock (gate)
        {
            ObjectDisposedException.ThrowIf(connection is null, this);
            if (connection.Broken)
            {
                throw new RemoteException(
                    "The connection that holds this corpus on the edit-distance server was lost, and the corpus with it; create it again.");
            }

            try
            {
                connection.Codec.WriteCorpusNearest(id, strategy, query, (uint)k, RemoteEditDistance.Bound(maxDistance), (uint)threads);
                var matches = connection.Codec.ReadMatches(connection.RoundTrip(), Math.Min(k, Count));
                connection.Trim();
                return matches;
            }
            catch (RemoteException e)
            {
                connection.Fails(e);
                throw;
            }
        }
    }

    /// <summary>
    /// Frees the corpus on the server and hands the connection back to its creator's pool (or closes it). Waits for a
    /// query in flight. Never throws: should the server be unreachable, closing the connection frees the corpus anyway.
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (connection is not { } held)
            {
                return;
            }

            connection = null;
            if (!held.Broken)
            {
                try
                {
                    held.Codec.WriteCorpusFree(id);
                    held.Codec.ReadEmpty(held.RoundTrip());
                }
                catch (RemoteException e)
                {
                    held.Fails(e);
                }
            }

            owner.Return(held);
        }
    }
}
