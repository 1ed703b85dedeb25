namespace EditDistance.Remote;

/// <summary>
/// Encodes requests and decodes replies in one <see cref="WireFormat"/> (rust/server/README.md). One instance per
/// connection: it owns the buffer its requests are written into (and the JSON writer over it), reused by every call.
/// </summary>
/// <remarks>
/// The benchmarks time these methods alone, apart from the socket: a <c>Write…</c> leaves the whole message, ready to
/// send, in <see cref="Request"/>; a <c>Read…</c> takes a reply's payload (see <see cref="TryFrame"/>) and returns the
/// result, or throws what the reply says: the contract's exception for a mistake in the arguments, otherwise
/// <see cref="RemoteException"/>, also for a reply that does not parse. Integers are <c>uint</c> as on the wire:
/// <see cref="NoBound"/> is "no bound", and the callers have rejected negative values already.
/// </remarks>
internal abstract class WireCodec : IDisposable
{
    /// <summary><c>max_distance</c> meaning "no bound" on the wire, as in the C ABI (<c>ED_NO_BOUND</c>).</summary>
    public const uint NoBound = uint.MaxValue;

    public static WireCodec Create(WireFormat format) => format switch
    {
        WireFormat.Binary => new BinaryCodec(),
        WireFormat.Json => new JsonCodec(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown wire format."),
    };

    public abstract WireFormat Format { get; }

    /// <summary>What a new connection sends before its first request (the binary format's preamble; nothing for JSON).</summary>
    public abstract ReadOnlySpan<byte> Preamble { get; }

    /// <summary>The last request written, whole: length prefix or final newline included.</summary>
    public MessageBuffer Request { get; } = new();

    public abstract void WritePing();

    public abstract void WriteShutdown();

    public abstract void WriteDistance(Strategy strategy, uint maxDistance, ReadOnlySpan<char> a, ReadOnlySpan<char> b);

    /// <summary>Every string in <paramref name="pairs"/> must be non-null (checked by the caller).</summary>
    public abstract void WriteDistanceBatch(Strategy strategy, uint maxDistance, IReadOnlyList<(string A, string B)> pairs);

    /// <summary>Every entry must be non-null (checked by the caller).</summary>
    public abstract void WriteCorpusCreate(IReadOnlyList<string> entries);

    public abstract void WriteCorpusNearest(ulong corpus, Strategy strategy, ReadOnlySpan<char> query, uint k, uint maxDistance, uint threads);

    public abstract void WriteCorpusFree(ulong corpus);

    /// <summary>Every entry must be non-null (checked by the caller).</summary>
    public abstract void WriteNearest(Strategy strategy, ReadOnlySpan<char> query, uint k, uint maxDistance, IReadOnlyList<string> entries);

    /// <summary>
    /// Finds the first whole reply in <paramref name="received"/>. <paramref name="wanted"/> is how many bytes it
    /// needs in all when that is known (a binary frame's header has arrived), otherwise a lower bound.
    /// </summary>
    /// <param name="received">The bytes received so far.</param>
    /// <param name="scanned">Bytes already looked at by an earlier call for the same reply (so a long line is scanned once).</param>
    /// <param name="payload">The reply's payload within <paramref name="received"/>: what the <c>Read…</c> methods take.</param>
    /// <param name="frameLength">The bytes of the whole reply, framing included.</param>
    /// <param name="wanted">The bytes needed before the next call can succeed.</param>
    public abstract bool TryFrame(ReadOnlySpan<byte> received, ref int scanned, out Range payload, out int frameLength, out int wanted);

    /// <summary>A reply without a result: ping, corpus_free, shutdown.</summary>
    public abstract void ReadEmpty(ReadOnlySpan<byte> reply);

    public abstract int ReadDistance(ReadOnlySpan<byte> reply);

    /// <param name="reply">The reply's payload.</param>
    /// <param name="count">How many pairs were sent: the reply must have as many distances.</param>
    public abstract int[] ReadDistances(ReadOnlySpan<byte> reply, int count);

    public abstract (ulong Corpus, int Count) ReadCorpus(ReadOnlySpan<byte> reply);

    /// <param name="reply">The reply's payload.</param>
    /// <param name="capacity">At most this many matches are possible (min(k, entries)); more is a malformed reply.</param>
    public abstract Match[] ReadMatches(ReadOnlySpan<byte> reply, int capacity);

    public virtual void Dispose() => Request.Dispose();

    /// <summary>The exception for a reply that does not follow the protocol.</summary>
    internal static RemoteException Malformed(string what, Exception? inner = null) =>
        new($"The edit-distance server sent a reply this client cannot parse ({what}); the connection was closed.", inner);

    /// <summary>
    /// Validates decoded matches: indices below the entry count the caller knows (when it does), distances that fit
    /// an <see cref="int"/>. A wrong one would otherwise reach the caller as a plausible answer.
    /// </summary>
    internal static Match CheckedMatch(uint index, uint distance) =>
        index <= int.MaxValue && distance <= int.MaxValue
            ? new Match((int)index, (int)distance)
            : throw Malformed($"match ({index}, {distance}) out of range");
}

/// <summary>The names of statuses and arguments in the JSON format and in messages (rust/server/README.md).</summary>
internal static class WireNames
{
    public static string Of(RemoteStatus status) => status switch
    {
        RemoteStatus.InvalidUtf16 => "invalid_utf16",
        RemoteStatus.InvalidArgument => "invalid_argument",
        RemoteStatus.Panic => "panic",
        RemoteStatus.OutOfMemory => "out_of_memory",
        RemoteStatus.MalformedRequest => "malformed_request",
        RemoteStatus.FrameTooLarge => "frame_too_large",
        RemoteStatus.UnknownOperation => "unknown_operation",
        RemoteStatus.UnknownCorpus => "unknown_corpus",
        RemoteStatus.InvalidUtf8 => "invalid_utf8",
        RemoteStatus.ShuttingDown => "shutting_down",
        _ => $"status {(int)status}",
    };

    public static RemoteStatus? StatusOf(ReadOnlySpan<byte> name)
    {
        foreach (var status in Enum.GetValues<RemoteStatus>())
        {
            if (Matches(name, Of(status)))
            {
                return status;
            }
        }

        return null;
    }

    public static WireArgument? ArgumentOf(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("a"u8) => WireArgument.A,
        _ when name.SequenceEqual("b"u8) => WireArgument.B,
        _ when name.SequenceEqual("query"u8) => WireArgument.Query,
        _ when name.SequenceEqual("corpus"u8) => WireArgument.Corpus,
        _ when name.SequenceEqual("strategy"u8) => WireArgument.Strategy,
        _ when name.SequenceEqual("threads"u8) => WireArgument.Threads,
        _ when name.SequenceEqual("k"u8) => WireArgument.K,
        _ when name.SequenceEqual("max_distance"u8) => WireArgument.MaxDistance,
        _ when name.SequenceEqual("pairs"u8) => WireArgument.Pairs,
        _ when name.SequenceEqual("request"u8) => WireArgument.Request,
        _ => null,
    };

    /// <summary>Whether UTF-8 <paramref name="utf8"/> spells the ASCII <paramref name="ascii"/>.</summary>
    private static bool Matches(ReadOnlySpan<byte> utf8, string ascii)
    {
        if (utf8.Length != ascii.Length)
        {
            return false;
        }

        for (var i = 0; i < ascii.Length; i++)
        {
            if (utf8[i] != ascii[i])
            {
                return false;
            }
        }

        return true;
    }
}
