using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EditDistance.Remote;

/// <summary>
/// JSON lines: one object per request and per reply, UTF-8, ending in <c>\n</c>; written with
/// <see cref="Utf8JsonWriter"/> and read with <see cref="Utf8JsonReader"/> straight from the connection's buffers.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonWriter"/> replaces a lone surrogate by U+FFFD without a word (checked with .NET 10), so the server
/// would compute a distance for a string it never saw instead of reporting it. A string holding one is therefore
/// written here as a JSON string whose every non-ASCII code unit is a <c>\uXXXX</c> escape, which the server reads
/// back as those code units and reports as <c>invalid_utf16</c> with the UTF-16 index, like the binary format. Finding
/// that out costs one vectorized scan (<see cref="Arguments.FindLoneSurrogate"/>) per string. The writer's encoder is the
/// relaxed one: the default escapes every non-ASCII character and HTML's <c>&lt;&gt;&amp;'+</c>, six bytes each,
/// which only a page embedding the JSON needs. Same lines: rust/server/src/json.rs, python/edit_distance/remote.py.
/// </remarks>
internal sealed class JsonCodec : WireCodec
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The writer's calls below are fixed; checking their order again on every call is waste.
        SkipValidation = true,
    };

    private readonly Utf8JsonWriter writer;

    public JsonCodec() => writer = new Utf8JsonWriter(Request, WriterOptions);

    public override WireFormat Format => WireFormat.Json;

    public override ReadOnlySpan<byte> Preamble => [];

    public override void WritePing()
    {
        Begin("ping"u8);
        End();
    }

    public override void WriteShutdown()
    {
        Begin("shutdown"u8);
        End();
    }

    public override void WriteCorpusFree(ulong corpus)
    {
        Begin("corpus_free"u8);
        writer.WriteNumber("corpus"u8, corpus);
        End();
    }

    public override void WriteDistance(Strategy strategy, uint maxDistance, ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        Begin("distance"u8);
        WriteStrategy(strategy);
        writer.WritePropertyName("a"u8);
        WriteText(a);
        writer.WritePropertyName("b"u8);
        WriteText(b);
        WriteBound(maxDistance);
        End();
    }

    public override void WriteDistanceBatch(Strategy strategy, uint maxDistance, IReadOnlyList<(string A, string B)> pairs)
    {
        Begin("distance_batch"u8);
        WriteStrategy(strategy);
        WriteBound(maxDistance);
        writer.WriteStartArray("pairs"u8);
        for (var i = 0; i < pairs.Count; i++)
        {
            writer.WriteStartArray();
            WriteText(pairs[i].A);
            WriteText(pairs[i].B);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        End();
    }

    public override void WriteCorpusCreate(IReadOnlyList<string> entries)
    {
        Begin("corpus_create"u8);
        WriteEntries(entries);
        End();
    }

    public override void WriteCorpusNearest(ulong corpus, Strategy strategy, ReadOnlySpan<char> query, uint k, uint maxDistance, uint threads)
    {
        Begin("corpus_nearest"u8);
        writer.WriteNumber("corpus"u8, corpus);
        WriteStrategy(strategy);
        writer.WritePropertyName("query"u8);
        WriteText(query);
        writer.WriteNumber("k"u8, k);
        WriteBound(maxDistance);
        writer.WriteNumber("threads"u8, threads);
        End();
    }

    public override void WriteNearest(Strategy strategy, ReadOnlySpan<char> query, uint k, uint maxDistance, IReadOnlyList<string> entries)
    {
        Begin("nearest"u8);
        WriteStrategy(strategy);
        writer.WritePropertyName("query"u8);
        WriteText(query);
        writer.WriteNumber("k"u8, k);
        WriteBound(maxDistance);
        WriteEntries(entries);
        End();
    }

    public override bool TryFrame(ReadOnlySpan<byte> received, ref int scanned, out Range payload, out int frameLength, out int wanted)
    {
        var newline = received[scanned..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            scanned = received.Length;
            payload = default;
            frameLength = 0;
            wanted = received.Length + 1;
            return false;
        }

        var end = scanned + newline;
        payload = 0..end;
        frameLength = end + 1;
        wanted = frameLength;
        return true;
    }

    public override void ReadEmpty(ReadOnlySpan<byte> reply) => Parse(reply, 0);

    public override int ReadDistance(ReadOnlySpan<byte> reply)
    {
        var distance = Parse(reply, 0).Distance ?? throw Malformed("no distance");
        return distance <= int.MaxValue ? (int)distance : throw Malformed($"distance {distance}");
    }

    public override int[] ReadDistances(ReadOnlySpan<byte> reply, int count)
    {
        var distances = Parse(reply, 0).Distances ?? throw Malformed("no distances");
        return distances.Length == count ? distances : throw Malformed($"{distances.Length} distances for {count} pairs");
    }

    public override (ulong Corpus, int Count) ReadCorpus(ReadOnlySpan<byte> reply)
    {
        var parsed = Parse(reply, 0);
        var corpus = parsed.Corpus ?? throw Malformed("no corpus");
        var count = parsed.Count ?? throw Malformed("no count");
        return (corpus, count <= int.MaxValue ? (int)count : throw Malformed($"corpus count {count}"));
    }

    public override Match[] ReadMatches(ReadOnlySpan<byte> reply, int capacity) =>
        Parse(reply, capacity).Matches ?? throw Malformed("no matches");

    public override void Dispose()
    {
        writer.Dispose();
        base.Dispose();
    }

    private void Begin(ReadOnlySpan<byte> op)
    {
        Request.Clear();
        writer.Reset(Request);
        writer.WriteStartObject();
        writer.WriteString("op"u8, op);
    }

    private void End()
    {
        writer.WriteEndObject();
        writer.Flush();
        Request.Append(1)[0] = (byte)'\n';
    }

    private void WriteStrategy(Strategy strategy) =>
        writer.WriteString("strategy"u8, strategy == Strategy.Dp ? "dp"u8 : "bitparallel"u8);

    private void WriteBound(uint maxDistance)
    {
        if (maxDistance == NoBound)
        {
            writer.WriteNull("max_distance"u8);
        }
        else
        {
            writer.WriteNumber("max_distance"u8, maxDistance);
        }
    }

    private void WriteEntries(IReadOnlyList<string> entries)
    {
        writer.WriteStartArray("entries"u8);
        for (var i = 0; i < entries.Count; i++)
        {
            WriteText(entries[i]);
        }

        writer.WriteEndArray();
    }

    /// <summary>A JSON string with every code unit of <paramref name="value"/>, a lone surrogate included (see the remarks).</summary>
    private void WriteText(ReadOnlySpan<char> value)
    {
        if (Arguments.FindLoneSurrogate(value) < 0)
        {
            writer.WriteStringValue(value);
            return;
        }

        var escaped = ArrayPool<byte>.Shared.Rent(2 + 6 * value.Length);
        try
        {
            writer.WriteRawValue(escaped.AsSpan(0, EscapeEveryUnit(value, escaped)), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(escaped);
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> as a quoted JSON string into <paramref name="output"/> (at least
    /// <c>2 + 6 × length</c> bytes): printable ASCII as itself, everything else as <c>\uXXXX</c>. Returns the length.
    /// </summary>
    internal static int EscapeEveryUnit(ReadOnlySpan<char> value, Span<byte> output)
    {
        var n = 0;
        output[n++] = (byte)'"';
        foreach (var c in value)
        {
            if (c is >= ' ' and < (char)0x7F and not '"' and not '\\')
            {
                output[n++] = (byte)c;
                continue;
            }

            output[n++] = (byte)'\\';
            output[n++] = (byte)'u';
            for (var shift = 12; shift >= 0; shift -= 4)
            {
                output[n++] = (byte)"0123456789ABCDEF"[(c >> shift) & 0xF];
            }
        }

        output[n++] = (byte)'"';
        return n;
    }

    /// <summary>The fields of one reply that this client reads; the others are skipped.</summary>
    private struct Reply
    {
        public bool? Ok;
        public uint? Distance;
        public int[]? Distances;
        public ulong? Corpus;
        public uint? Count;
        public Match[]? Matches;
        public string? Error;
        public string? Argument;
        public uint? Item;
        public ulong Position;
        public string? Message;
    }

    /// <summary>Parses a reply; for an error, throws what it says.</summary>
    /// <param name="line">The reply without its newline.</param>
    /// <param name="capacity">The most matches the reply may hold.</param>
    private static Reply Parse(ReadOnlySpan<byte> line, int capacity)
    {
        Reply reply = default;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed("not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("ok"u8))
                {
                    reader.Read();
                    reply.Ok = reader.GetBoolean();
                }
                else if (reader.ValueTextEquals("distance"u8))
                {
                    reader.Read();
                    reply.Distance = reader.GetUInt32();
                }
                else if (reader.ValueTextEquals("distances"u8))
                {
                    reply.Distances = ReadDistanceArray(ref reader);
                }
                else if (reader.ValueTextEquals("corpus"u8))
                {
                    reader.Read();
                    reply.Corpus = reader.GetUInt64();
                }
                else if (reader.ValueTextEquals("count"u8))
                {
                    reader.Read();
                    reply.Count = reader.GetUInt32();
                }
                else if (reader.ValueTextEquals("matches"u8))
                {
                    reply.Matches = ReadMatchArray(ref reader, capacity);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    reply.Error = reader.GetString();
                }
                else if (reader.ValueTextEquals("argument"u8))
                {
                    reader.Read();
                    reply.Argument = reader.GetString();
                }
                else if (reader.ValueTextEquals("item"u8))
                {
                    reader.Read();
                    reply.Item = reader.TokenType == JsonTokenType.Null ? null : reader.GetUInt32();
                }
                else if (reader.ValueTextEquals("position"u8))
                {
                    reader.Read();
                    reply.Position = reader.GetUInt64();
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    reply.Message = reader.GetString();
                }
                else
                {
                    // code_point (Python's position) and whatever a later server adds.
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw Malformed("more than one JSON object");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Malformed($"{e.GetType().Name}: {e.Message}", e);
        }

        if (reply.Ok is not { } ok)
        {
            throw Malformed("no \"ok\"");
        }

        if (!ok)
        {
            throw ErrorOf(reply);
        }

        return reply;
    }

    private static Exception ErrorOf(in Reply reply)
    {
        var name = reply.Error ?? throw Malformed("an error without \"error\"");
        var message = reply.Message ?? "";
        if (WireNames.StatusOf(Encoding.UTF8.GetBytes(name)) is not { } status)
        {
            return new RemoteException($"The edit-distance server replied with a status this client does not know, '{name}': {message}");
        }

        var argument = reply.Argument is null
            ? WireArgument.None
            : WireNames.ArgumentOf(Encoding.UTF8.GetBytes(reply.Argument)) ?? WireArgument.None;
        return new ServerError(status, argument, reply.Item, reply.Position, message).ToException();
    }

    /// <summary>Reads <c>[d, …]</c>, counted first on a copy of the reader so that the array is allocated once.</summary>
    private static int[] ReadDistanceArray(ref Utf8JsonReader reader)
    {
        var distances = new int[CountElements(ref reader)];
        for (var i = 0; i < distances.Length; i++)
        {
            reader.Read();
            var distance = reader.GetUInt32();
            distances[i] = distance <= int.MaxValue ? (int)distance : throw Malformed($"distance {distance}");
        }

        reader.Read(); // ]
        return distances;
    }

    /// <summary>Reads <c>[[index, distance], …]</c>.</summary>
    private static Match[] ReadMatchArray(ref Utf8JsonReader reader, int capacity)
    {
        var count = CountElements(ref reader);
        if (count > capacity)
        {
            throw Malformed($"{count} matches where at most {capacity} are possible");
        }

        var matches = new Match[count];
        for (var i = 0; i < matches.Length; i++)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Malformed("a match that is not [index, distance]");
            }

            reader.Read();
            var index = reader.GetUInt32();
            reader.Read();
            var distance = reader.GetUInt32();
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw Malformed("a match that is not [index, distance]");
            }

            matches[i] = CheckedMatch(index, distance);
        }

        reader.Read(); // ]
        return matches;
    }

    /// <summary>Moves onto the array that follows a property name and counts its elements on a copy of the reader.</summary>
    private static int CountElements(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw Malformed("an array that is not one");
        }

        var probe = reader;
        var count = 0;
        while (probe.Read() && probe.TokenType != JsonTokenType.EndArray)
        {
            count++;
            probe.Skip();
        }

        return count;
    }
}
