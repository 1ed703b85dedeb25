using System.Diagnostics;
using System.Net;

namespace EditDistance.Remote;

/// <summary>
/// The Rust library in another process: every call is a request to <c>edit-distance-server</c> (rust/server) over a
/// local socket, in the <see cref="WireFormat"/> chosen at construction.
/// </summary>
/// <remarks>
/// <para>Null and negative arguments are rejected here, before anything is sent, with the contract's exceptions; lone
/// surrogates are found by the server, which reports the argument, entry and UTF-16 index, turned into the same
/// exceptions as the other implementations. With several mistakes in one call the first wrong argument is reported,
/// as everywhere: once a later argument is found wrong here, the earlier strings are scanned for lone surrogates here
/// too (on that error path only). Same order: EditDistance.Rust's <c>RustEditDistance</c>.</para>
/// <para>Failures of the service (no server, a lost connection, a reply that does not parse, a server shutting down
/// or reporting a panic) throw <see cref="RemoteException"/>.</para>
/// <para>Thread-safe: each call takes a connection of its own from a small pool, so concurrent callers do not queue
/// on one socket. A call allocates its result and little else: each connection reuses its buffers. Dispose closes
/// the connections; calls racing it either complete or throw <see cref="ObjectDisposedException"/>. A corpus from
/// <see cref="CreateCorpus"/> lives on a connection of its own and outlives its creator.</para>
/// </remarks>
public sealed class RemoteEditDistance : IEditDistance, IDisposable
{
    private readonly ConnectionPool pool;

    /// <summary>Creates a client of the server at <paramref name="endPoint"/> (connections are opened as calls need them).</summary>
    /// <param name="strategy">The algorithm the server is asked to use.</param>
    /// <param name="endPoint">
    /// A <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/> or a loopback <see cref="IPEndPoint"/>:
    /// <see cref="RemoteServer.EndPoint"/>, or <see cref="RemoteServer.ParseEndPoint"/> of an address.
    /// </param>
    /// <param name="format">How messages are encoded.</param>
    public RemoteEditDistance(Strategy strategy, EndPoint endPoint, WireFormat format = WireFormat.Binary)
    {
        _ = strategy.ToName(); // throws for a value outside the enum, which the server would refuse as malformed
        ArgumentNullException.ThrowIfNull(endPoint);
        if (format is not (WireFormat.Binary or WireFormat.Json))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown wire format.");
        }

        Strategy = strategy;
        Format = format;
        pool = new ConnectionPool(endPoint, format, this);
    }

    /// <inheritdoc />
    /// <value>"rust-remote-binary" or "rust-remote-json".</value>
    public string Implementation => Format == WireFormat.Binary ? "rust-remote-binary" : "rust-remote-json";

    /// <inheritdoc />
    public Strategy Strategy { get; }

    /// <summary>How messages are encoded.</summary>
    public WireFormat Format { get; }

    /// <summary>The server's address.</summary>
    public EndPoint EndPoint => pool.EndPoint;

    /// <inheritdoc />
    /// <exception cref="RemoteException">The service failed.</exception>
    public int Distance(string a, string b)
    {
        if (a is null || b is null)
        {
            Arguments.ThrowFirstDistanceMistake(a, b);
        }

        return DistanceCore(a, b, WireCodec.NoBound);
    }

    /// <inheritdoc />
    /// <exception cref="RemoteException">The service failed.</exception>
    public int Distance(string a, string b, int maxDistance)
    {
        if (a is null || b is null || maxDistance < 0)
        {
            Arguments.ThrowFirstDistanceMistake(a, b, maxDistance);
        }

        return DistanceCore(a, b, (uint)maxDistance);
    }

    /// <summary>
    /// The distances of many pairs in one request and one reply: one round trip instead of one per pair.
    /// <c>result[i]</c> is <c>Distance(pairs[i].A, pairs[i].B, maxDistance)</c>, or the unbounded distance when
    /// <paramref name="maxDistance"/> is <see langword="null"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> or a string in it is null (the message names the pair).</exception>
    /// <exception cref="ArgumentException">A string in a pair is not valid UTF-16 (the message names the pair and the index).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistance"/> is negative.</exception>
    /// <exception cref="RemoteException">The service failed.</exception>
    public int[] DistanceBatch(IReadOnlyList<(string A, string B)> pairs, int? maxDistance = null)
    {
        if (pairs is null || maxDistance < 0 || HasNull(pairs))
        {
            throw FirstMistake(pairs, maxDistance) ?? new UnreachableException("No mistake found where one was.");
        }

        try
        {
            return Call(
                (Strategy, Bound: Bound(maxDistance), pairs),
                static (codec, call) => codec.WriteDistanceBatch(call.Strategy, call.Bound, call.pairs),
                static (codec, reply, call) => codec.ReadDistances(reply, call.pairs.Count));
        }
        catch (ArgumentException e) when (e.ParamName == "pairs")
        {
            // The server names the pair but says which of its strings only in words: found again here, on this path only.
            throw FirstMistake(pairs, maxDistance) ?? e;
        }
    }

    /// <summary>The empty round trip: a request and a reply with nothing to compute.</summary>
    /// <exception cref="RemoteException">The service failed.</exception>
    public void Ping() =>
        Call(
            0,
            static (codec, _) => codec.WritePing(),
            static (codec, reply, _) =>
            {
                codec.ReadEmpty(reply);
                return 0;
            });

    /// <inheritdoc />
    /// <remarks>Sends the corpus with the query in one request; to query one corpus many times, use <see cref="CreateCorpus"/>.</remarks>
    /// <exception cref="RemoteException">The service failed.</exception>
    public IReadOnlyList<Match> Nearest(string query, IReadOnlyList<string> corpus, int k, int? maxDistance = null)
    {
        if (query is null || corpus is null || k < 0 || maxDistance < 0 || HasNull(corpus))
        {
            Arguments.ThrowIfInvalid(query);
            Arguments.ThrowIfInvalid(corpus);
            Arguments.ThrowIfNegative(k);
            Arguments.ThrowIfNegative(maxDistance);
        }

        return Call(
            (Strategy, query, k, Bound: Bound(maxDistance), corpus),
            static (codec, call) => codec.WriteNearest(call.Strategy, call.query, (uint)call.k, call.Bound, call.corpus),
            static (codec, reply, call) => codec.ReadMatches(reply, Math.Min(call.k, call.corpus.Count)));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The corpus is sent once and kept by the server for the connection it arrived on, which the returned
    /// <see cref="RemoteCorpus"/> keeps for itself: see there for what that means for its queries.
    /// </remarks>
    /// <exception cref="RemoteException">The service failed.</exception>
    public ICorpus CreateCorpus(IReadOnlyList<string> corpus)
    {
        if (corpus is null || HasNull(corpus))
        {
            Arguments.ThrowIfInvalid(corpus);
        }

        while (true)
        {
            Connection? connection = pool.Take(out var reused);
            try
            {
                connection.Codec.WriteCorpusCreate(corpus);
                var (id, count) = connection.Codec.ReadCorpus(connection.RoundTrip());
                var created = new RemoteCorpus(pool, connection, Strategy, id, count);
                connection = null;
                return created;
            }
            catch (RemoteException) when (reused && connection!.LostBeforeReply)
            {
                // As in Call: a corpus the server created on the lost connection went with it.
            }
            catch (RemoteException e)
            {
                connection?.Fails(e);
                throw;
            }
            finally
            {
                if (connection is not null)
                {
                    pool.Return(connection);
                }
            }
        }
    }

    /// <summary>
    /// Closes the idle connections; calls in flight finish on theirs, which are closed as they end. Later calls throw
    /// <see cref="ObjectDisposedException"/>. Corpora created earlier keep working until disposed.
    /// </summary>
    public void Dispose() => pool.Dispose();

    internal static uint Bound(int? maxDistance) => maxDistance is { } bound ? (uint)bound : WireCodec.NoBound;

    private int DistanceCore(string a, string b, uint maxDistance) =>
        Call(
            (Strategy, a, b, maxDistance),
            static (codec, call) => codec.WriteDistance(call.Strategy, call.maxDistance, call.a, call.b),
            static (codec, reply, _) => codec.ReadDistance(reply));

    /// <summary>
    /// One request and its reply on a connection from the pool. The delegates are static lambdas and the state a value
    /// tuple, so a call allocates nothing for them.
    /// </summary>
    /// <remarks>
    /// A connection that sat idle may have been closed by the server meanwhile (it stopped, or restarted); when one is
    /// lost before a byte of the reply arrived, the request goes again on the next connection. None of the requests sent
    /// this way changes anything on the server, so running one twice is harmless; a server that is gone fails the new
    /// connection, and that failure is final.
    /// </remarks>
    private TResult Call<TState, TResult>(
        TState state, Action<WireCodec, TState> write, Func<WireCodec, ReadOnlySpan<byte>, TState, TResult> read)
    {
        while (true)
        {
            var connection = pool.Take(out var reused);
            try
            {
                write(connection.Codec, state);
                return read(connection.Codec, connection.RoundTrip(), state);
            }
            catch (RemoteException) when (reused && connection.LostBeforeReply)
            {
                // Retried on the next connection: idle ones until the pool is empty, then a new one.
            }
            catch (RemoteException e)
            {
                connection.Fails(e);
                throw;
            }
            finally
            {
                pool.Return(connection);
            }
        }
    }

    private static bool HasNull(IReadOnlyList<string> corpus)
    {
        for (var i = 0; i < corpus.Count; i++)
        {
            if (corpus[i] is null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasNull(IReadOnlyList<(string A, string B)> pairs)
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].A is null || pairs[i].B is null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first mistake in a batch in parameter order: pair by pair, A before B, then the bound.</summary>
    private static Exception? FirstMistake(IReadOnlyList<(string A, string B)>? pairs, int? maxDistance)
    {
        if (pairs is null)
        {
            return new ArgumentNullException(nameof(pairs));
        }

        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            if ((MistakeInPair(a, i, "A") ?? MistakeInPair(b, i, "B")) is { } mistake)
            {
                return mistake;
            }
        }

        return maxDistance < 0 ? Arguments.Negative(nameof(maxDistance), maxDistance.Value) : null;
    }

    private static ArgumentException? MistakeInPair(string? value, int pair, string element)
    {
        if (value is null)
        {
            return RemoteArguments.NullInPair(pair, element);
        }

        var position = Arguments.FindLoneSurrogate(value);
        return position >= 0 ? RemoteArguments.LoneSurrogateInPair(pair, element, position) : null;
    }
}
