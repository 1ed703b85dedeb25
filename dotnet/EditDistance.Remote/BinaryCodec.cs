using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace EditDistance.Remote;

/// <summary>
/// Binary frames with UTF-16 strings: a <c>u32</c> payload length, then the payload; integers little-endian
/// (<see cref="BinaryPrimitives"/>), a string a <c>u32</c> count of UTF-16 code units and the units themselves.
/// </summary>
/// <remarks>
/// A request is sized first and then written into one span of <see cref="WireCodec.Request"/>, with no intermediate
/// copy. Strings are copied as the bytes of the .NET string (<see cref="MemoryMarshal.AsBytes{T}(ReadOnlySpan{T})"/>):
/// no transcoding, and a lone surrogate crosses unchanged for the server to report with its UTF-16 index. That copy
/// is UTF-16LE only on a little-endian host; <see cref="LittleEndianHost"/>, a JIT-time constant, picks a swapping copy
/// on the others. Same frames: rust/server/src/binary.rs (the server's codec), python/edit_distance/remote.py.
/// </remarks>
internal sealed class BinaryCodec : WireCodec
{
    /// <summary>"ED", version 1, UTF-16 strings: the first bytes of a binary connection.</summary>
    private static ReadOnlySpan<byte> Utf16Preamble => [0x45, 0x44, 0x01, 0x10];

    private static readonly bool LittleEndianHost = BitConverter.IsLittleEndian;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const int Header = sizeof(uint);

    private enum Op : byte
    {
        Ping = 0,
        Distance = 1,
        DistanceBatch = 2,
        CorpusCreate = 3,
        CorpusNearest = 4,
        CorpusFree = 5,
        Nearest = 6,
        Shutdown = 7,
    }

    public override WireFormat Format => WireFormat.Binary;

    public override ReadOnlySpan<byte> Preamble => Utf16Preamble;

    public override void WritePing() => Begin(Op.Ping, 0);

    public override void WriteShutdown() => Begin(Op.Shutdown, 0);

    public override void WriteCorpusFree(ulong corpus) => Begin(Op.CorpusFree, sizeof(ulong)).UInt64(corpus);

    public override void WriteDistance(Strategy strategy, uint maxDistance, ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var w = Begin(Op.Distance, Size(1 + 4 + 4 + 4, a.Length + (long)b.Length));
        w.Byte((byte)strategy);
        w.UInt32(maxDistance);
        w.String(a);
        w.String(b);
    }

    public override void WriteDistanceBatch(Strategy strategy, uint maxDistance, IReadOnlyList<(string A, string B)> pairs)
    {
        long units = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            units += pairs[i].A.Length + (long)pairs[i].B.Length;
        }

        var w = Begin(Op.DistanceBatch, Size(1 + 4 + 4 + 8L * pairs.Count, units));
        w.Byte((byte)strategy);
        w.UInt32(maxDistance);
        w.UInt32((uint)pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            w.String(pairs[i].A);
            w.String(pairs[i].B);
        }
    }

    public override void WriteCorpusCreate(IReadOnlyList<string> entries)
    {
        var w = Begin(Op.CorpusCreate, Size(4 + 4L * entries.Count, TotalLength(entries)));
        w.Strings(entries);
    }

    public override void WriteCorpusNearest(ulong corpus, Strategy strategy, ReadOnlySpan<char> query, uint k, uint maxDistance, uint threads)
    {
        var w = Begin(Op.CorpusNearest, Size(8 + 1 + 4 + 4 + 4 + 4, query.Length));
        w.UInt64(corpus);
        w.Byte((byte)strategy);
        w.String(query);
        w.UInt32(k);
        w.UInt32(maxDistance);
        w.UInt32(threads);
    }

    public override void WriteNearest(Strategy strategy, ReadOnlySpan<char> query, uint k, uint maxDistance, IReadOnlyList<string> entries)
    {
        var w = Begin(Op.Nearest, Size(1 + 4 + 4 + 4 + 4 + 4L * entries.Count, query.Length + TotalLength(entries)));
        w.Byte((byte)strategy);
        w.String(query);
        w.UInt32(k);
        w.UInt32(maxDistance);
        w.Strings(entries);
    }

    public override bool TryFrame(ReadOnlySpan<byte> received, ref int scanned, out Range payload, out int frameLength, out int wanted)
    {
        payload = default;
        frameLength = 0;
        if (received.Length < Header)
        {
            wanted = Header;
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(received);
        if (length == 0 || length > Array.MaxLength - Header)
        {
            throw Malformed($"a frame of {length} bytes");
        }

        wanted = Header + (int)length;
        if (received.Length < wanted)
        {
            return false;
        }

        payload = Header..wanted;
        frameLength = wanted;
        return true;
    }

    public override void ReadEmpty(ReadOnlySpan<byte> reply) => Open(reply).End();

    public override int ReadDistance(ReadOnlySpan<byte> reply)
    {
        var r = Open(reply);
        var distance = r.UInt32();
        r.End();
        return distance <= int.MaxValue ? (int)distance : throw Malformed($"distance {distance}");
    }

    public override int[] ReadDistances(ReadOnlySpan<byte> reply, int count)
    {
        var r = Open(reply);
        if (r.UInt32() != (uint)count)
        {
            throw Malformed($"not {count} distances");
        }

        var distances = new int[count];
        for (var i = 0; i < distances.Length; i++)
        {
            var distance = r.UInt32();
            distances[i] = distance <= int.MaxValue ? (int)distance : throw Malformed($"distance {distance}");
        }

        r.End();
        return distances;
    }

    public override (ulong Corpus, int Count) ReadCorpus(ReadOnlySpan<byte> reply)
    {
        var r = Open(reply);
        var corpus = r.UInt64();
        var count = r.UInt32();
        r.End();
        return (corpus, count <= int.MaxValue ? (int)count : throw Malformed($"corpus count {count}"));
    }

    public override Match[] ReadMatches(ReadOnlySpan<byte> reply, int capacity)
    {
        var r = Open(reply);
        var count = r.UInt32();
        if (count > (uint)capacity)
        {
            throw Malformed($"{count} matches where at most {capacity} are possible");
        }

        var matches = new Match[count];
        for (var i = 0; i < matches.Length; i++)
        {
            matches[i] = CheckedMatch(r.UInt32(), r.UInt32());
        }

        r.End();
        return matches;
    }

    /// <summary>Bytes of a payload: <paramref name="fixedBytes"/> plus <paramref name="units"/> UTF-16 code units.</summary>
    private static long Size(long fixedBytes, long units) => fixedBytes + 2 * units;

    private static long TotalLength(IReadOnlyList<string> entries)
    {
        long units = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            units += entries[i].Length;
        }

        return units;
    }

    /// <summary>Starts a request: the whole frame is reserved at once, and its header and op written.</summary>
    private SpanWriter Begin(Op op, long fieldBytes)
    {
        var payload = 1 + fieldBytes;
        if (payload > Array.MaxLength - Header)
        {
            throw new ArgumentException($"A request of {payload} bytes is more than one message can carry; split it.");
        }

        Request.Clear();
        var w = new SpanWriter(Request.Append(Header + (int)payload));
        w.UInt32((uint)payload);
        w.Byte((byte)op);
        return w;
    }

    /// <summary>Reads a reply's status; for an error, throws what it says. Leaves the reader at the result.</summary>
    private static SpanReader Open(ReadOnlySpan<byte> reply)
    {
        var r = new SpanReader(reply);
        var status = r.Byte();
        if (status == 0)
        {
            return r;
        }

        var argument = (WireArgument)r.Byte();
        var item = r.UInt32();
        var position = r.UInt64();
        _ = r.UInt64(); // the position in code points, for Python; .NET reports UTF-16 indices
        var message = r.Utf8String();
        r.End();
        throw new ServerError((RemoteStatus)status, argument, item == uint.MaxValue ? null : item, position, message).ToException();
    }

    /// <summary>Writes fields front to back into a span sized for them exactly.</summary>
    private ref struct SpanWriter(Span<byte> span)
    {
        private Span<byte> rest = span;

        public void Byte(byte value)
        {
            rest[0] = value;
            rest = rest[1..];
        }

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(rest, value);
            rest = rest[sizeof(uint)..];
        }

        public void UInt64(ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(rest, value);
            rest = rest[sizeof(ulong)..];
        }

        public void String(ReadOnlySpan<char> value)
        {
            UInt32((uint)value.Length);
            var bytes = rest[..(2 * value.Length)];
            if (LittleEndianHost)
            {
                MemoryMarshal.AsBytes(value).CopyTo(bytes);
            }
            else
            {
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<char, ushort>(value), MemoryMarshal.Cast<byte, ushort>(bytes));
            }

            rest = rest[bytes.Length..];
        }

        public void Strings(IReadOnlyList<string> entries)
        {
            UInt32((uint)entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                String(entries[i]);
            }
        }
    }

    /// <summary>Reads fields front to back; running past the end is a malformed reply, not an exception of the span.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private ReadOnlySpan<byte> rest = span;

        public byte Byte() => Take(1)[0];

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(sizeof(uint)));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(sizeof(ulong)));

        public string Utf8String()
        {
            var length = UInt32();
            try
            {
                return StrictUtf8.GetString(Take(length <= int.MaxValue ? (int)length : int.MaxValue));
            }
            catch (DecoderFallbackException e)
            {
                throw Malformed("a message that is not UTF-8", e);
            }
        }

        public readonly void End()
        {
            if (!rest.IsEmpty)
            {
                throw Malformed($"{rest.Length} bytes after the last field");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (rest.Length < count)
            {
                throw Malformed("a frame shorter than its fields");
            }

            var taken = rest[..count];
            rest = rest[count..];
            return taken;
        }
    }
}
