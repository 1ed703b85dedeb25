using System.Buffers.Binary;
using System.Text;
using EditDistance.Remote;

namespace EditDistance.Tests.Remote;

/// <summary>
/// The two wire formats byte for byte (rust/server/README.md), without a server: what a request looks like and what a
/// reply turns into, errors included.
/// </summary>
public sealed class WireCodecTests
{
    [Fact]
    public void Binary_distance_request_is_the_documented_frame()
    {
        using var codec = WireCodec.Create(WireFormat.Binary);
        codec.WriteDistance(Strategy.BitParallel, WireCodec.NoBound, "ab", "\U0001F600");

        byte[] expected =
        [
            22, 0, 0, 0,            // payload length
            1,                      // op: distance
            1,                      // strategy: bitparallel
            0xFF, 0xFF, 0xFF, 0xFF, // no bound
            2, 0, 0, 0, (byte)'a', 0, (byte)'b', 0,
            2, 0, 0, 0, 0x3D, 0xD8, 0x00, 0xDE, // U+1F600 as its two UTF-16LE code units
        ];
        Assert.Equal(expected, codec.Request.WrittenSpan.ToArray());
        Assert.Equal([0x45, 0x44, 0x01, 0x10], codec.Preamble.ToArray());
    }

    [Fact]
    public void Binary_request_carries_a_lone_surrogate_unchanged_for_the_server_to_report()
    {
        using var codec = WireCodec.Create(WireFormat.Binary);
        codec.WriteCorpusNearest(7, Strategy.Dp, "x\uD800", 2, 5, 3);

        var frame = codec.Request.WrittenSpan;
        Assert.Equal(frame.Length - 4, (int)BinaryPrimitives.ReadUInt32LittleEndian(frame));
        Assert.Equal(4, frame[4]); // corpus_nearest
        Assert.Equal(7UL, BinaryPrimitives.ReadUInt64LittleEndian(frame[5..]));
        Assert.Equal(0, frame[13]); // dp
        Assert.Equal(2U, BinaryPrimitives.ReadUInt32LittleEndian(frame[14..]));
        Assert.Equal([(byte)'x', 0, 0x00, 0xD8], frame[18..22].ToArray());
        Assert.Equal([2U, 5U, 3U], [
            BinaryPrimitives.ReadUInt32LittleEndian(frame[22..]),
            BinaryPrimitives.ReadUInt32LittleEndian(frame[26..]),
            BinaryPrimitives.ReadUInt32LittleEndian(frame[30..]),
        ]);
        Assert.Equal(34, frame.Length);
    }

    [Fact]
    public void Binary_lists_are_counted_and_written_in_order()
    {
        using var codec = WireCodec.Create(WireFormat.Binary);
        codec.WriteDistanceBatch(Strategy.Dp, 4, [("a", ""), ("", "bc")]);
        Assert.Equal(
            [1 + 1 + 4 + 4 + (4 + 2) + 4 + 4 + (4 + 4), 0, 0, 0, 2, 0, 4, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, (byte)'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, (byte)'b', 0, (byte)'c', 0],
            codec.Request.WrittenSpan.ToArray());

        codec.WriteCorpusCreate(["é"]);
        Assert.Equal([11, 0, 0, 0, 3, 1, 0, 0, 0, 1, 0, 0, 0, 0xE9, 0], codec.Request.WrittenSpan.ToArray());
    }

    [Fact]
    public void Binary_replies_decode_to_results()
    {
        using var codec = WireCodec.Create(WireFormat.Binary);
        Assert.Equal(3, codec.ReadDistance([0, 3, 0, 0, 0]));
        Assert.Equal([1, 0], codec.ReadDistances([0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], 2));
        Assert.Equal((9UL, 2), codec.ReadCorpus([0, 9, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]));
        Assert.Equal([new Match(1, 0), new Match(0, 2)], codec.ReadMatches([0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0], 2));
        codec.ReadEmpty([0]);
    }

    [Fact]
    public void Binary_lone_surrogate_replies_become_the_contract_errors()
    {
        using var codec = WireCodec.Create(WireFormat.Binary);

        var inA = Assert.Throws<ArgumentException>(() => codec.ReadDistance(BinaryError(2, 1, uint.MaxValue, 3)));
        Assert.Equal(Arguments.LoneSurrogate("a", 3).Message, inA.Message);

        var inEntry = Assert.Throws<ArgumentException>(() => codec.ReadCorpus(BinaryError(2, 4, 5, 0)));
        Assert.Equal(Arguments.LoneSurrogate("corpus", 0, 5).Message, inEntry.Message);

        var inPair = Assert.Throws<ArgumentException>(() => codec.ReadDistances(BinaryError(2, 2, 1, 4), 2));
        Assert.Equal("pairs", inPair.ParamName);
        Assert.StartsWith("String B of pair 1 is not valid UTF-16: lone surrogate at index 4.", inPair.Message);

        var threads = Assert.Throws<ArgumentOutOfRangeException>(() => codec.ReadMatches(BinaryError(3, 6, uint.MaxValue, 0), 1));
        Assert.Equal("threads", threads.ParamName);
    }

    [Theory]
    [InlineData(5, RemoteStatus.Panic)]
    [InlineData(21, RemoteStatus.ShuttingDown)]
    [InlineData(19, RemoteStatus.UnknownCorpus)]
    public void Binary_service_errors_become_RemoteException_with_the_server_words(byte status, RemoteStatus expected)
    {
        using var codec = WireCodec.Create(WireFormat.Binary);
        var e = Assert.Throws<RemoteException>(() => codec.ReadDistance(BinaryError(status, 0, uint.MaxValue, 0, "it went wrong")));
        Assert.Equal(expected, e.Status);
        Assert.Contains("it went wrong", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0, 3, 0, 0 })]           // truncated
    [InlineData(new byte[] { 0, 3, 0, 0, 0, 0 })]     // a byte too many
    [InlineData(new byte[] { 0, 0, 0, 0, 0x80 })]     // a distance beyond int
    [InlineData(new byte[] { 2, 1, 0xFF, 0xFF })]     // an error cut short
    public void Binary_malformed_replies_are_RemoteException_without_status(byte[] reply)
    {
        using var codec = WireCodec.Create(WireFormat.Binary);
        var e = Assert.Throws<RemoteException>(() => codec.ReadDistance(reply));
        Assert.Null(e.Status);
    }

    [Fact]
    public void Binary_matches_beyond_the_possible_count_are_malformed()
    {
        using var codec = WireCodec.Create(WireFormat.Binary);
        Assert.Null(Assert.Throws<RemoteException>(() => codec.ReadMatches([0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0], 1)).Status);
    }

    [Fact]
    public void Binary_framing_waits_for_the_whole_frame()
    {
        using var codec = WireCodec.Create(WireFormat.Binary);
        var scanned = 0;
        Assert.False(codec.TryFrame([5, 0], ref scanned, out _, out _, out var wanted));
        Assert.Equal(4, wanted);
        Assert.False(codec.TryFrame([5, 0, 0, 0, 0], ref scanned, out _, out _, out wanted));
        Assert.Equal(9, wanted);
        Assert.True(codec.TryFrame([5, 0, 0, 0, 0, 1, 2, 3, 4], ref scanned, out var payload, out var length, out _));
        Assert.Equal((4..9, 9), (payload, length));
        Assert.Throws<RemoteException>(() => codec.TryFrame([0, 0, 0, 0], ref scanned, out _, out _, out _));
    }

    [Fact]
    public void Json_distance_request_is_the_documented_line()
    {
        using var codec = WireCodec.Create(WireFormat.Json);
        codec.WriteDistance(Strategy.BitParallel, WireCodec.NoBound, "kitten", "sitting");
        Assert.Equal(
            "{\"op\":\"distance\",\"strategy\":\"bitparallel\",\"a\":\"kitten\",\"b\":\"sitting\",\"max_distance\":null}\n",
            Encoding.UTF8.GetString(codec.Request.WrittenSpan));
        Assert.True(codec.Preamble.IsEmpty);

        codec.WriteCorpusNearest(1, Strategy.Dp, "q", 2, 3, 4);
        Assert.Equal(
            "{\"op\":\"corpus_nearest\",\"corpus\":1,\"strategy\":\"dp\",\"query\":\"q\",\"k\":2,\"max_distance\":3,\"threads\":4}\n",
            Encoding.UTF8.GetString(codec.Request.WrittenSpan));
    }

    [Fact]
    public void Json_request_escapes_a_lone_surrogate_instead_of_replacing_it()
    {
        using var codec = WireCodec.Create(WireFormat.Json);
        codec.WriteNearest(Strategy.Dp, "a\"\\\n\U0001F600\uD800", 1, WireCodec.NoBound, ["é<", "\uDC00"]);
        Assert.Equal(
            "{\"op\":\"nearest\",\"strategy\":\"dp\",\"query\":\"a\\u0022\\u005C\\u000A\\uD83D\\uDE00\\uD800\",\"k\":1,\"max_distance\":null,\"entries\":[\"é<\",\"\\uDC00\"]}\n",
            Encoding.UTF8.GetString(codec.Request.WrittenSpan));
    }

    [Fact]
    public void Json_replies_decode_to_results_whatever_the_field_order()
    {
        using var codec = WireCodec.Create(WireFormat.Json);
        Assert.Equal(3, codec.ReadDistance("{\"distance\":3,\"ok\":true}"u8));
        Assert.Equal([1, 0], codec.ReadDistances("{\"ok\":true,\"distances\":[1,0]}"u8, 2));
        Assert.Equal((9UL, 2), codec.ReadCorpus("{\"ok\":true,\"corpus\":9,\"count\":2,\"later\":{\"x\":[1]}}"u8));
        Assert.Equal([new Match(1, 0), new Match(0, 2)], codec.ReadMatches("{\"ok\":true,\"matches\":[[1,0],[0,2]]}"u8, 3));
        Assert.Empty(codec.ReadMatches("{\"ok\":true,\"matches\":[]}"u8, 3));
        codec.ReadEmpty("{\"ok\":true}"u8);
    }

    [Fact]
    public void Json_error_replies_become_the_contract_errors_or_RemoteException()
    {
        using var codec = WireCodec.Create(WireFormat.Json);
        var inQuery = Assert.Throws<ArgumentException>(() => codec.ReadMatches(
            "{\"ok\":false,\"error\":\"invalid_utf16\",\"argument\":\"query\",\"item\":null,\"position\":3,\"code_point\":2,\"message\":\"m\"}"u8, 1));
        Assert.Equal(Arguments.LoneSurrogate("query", 3).Message, inQuery.Message);

        var inEntry = Assert.Throws<ArgumentException>(() => codec.ReadCorpus(
            "{\"ok\":false,\"error\":\"invalid_utf16\",\"argument\":\"corpus\",\"item\":2,\"position\":0,\"code_point\":0,\"message\":\"m\"}"u8));
        Assert.Equal(Arguments.LoneSurrogate("corpus", 0, 2).Message, inEntry.Message);

        var panic = Assert.Throws<RemoteException>(() => codec.ReadDistance(
            "{\"ok\":false,\"error\":\"panic\",\"argument\":null,\"item\":null,\"position\":0,\"code_point\":0,\"message\":\"boom\"}"u8));
        Assert.Equal(RemoteStatus.Panic, panic.Status);
        Assert.Contains("boom", panic.Message);

        var unknown = Assert.Throws<RemoteException>(() => codec.ReadDistance("{\"ok\":false,\"error\":\"new_kind\",\"message\":\"m\"}"u8));
        Assert.Null(unknown.Status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"distance\":3}")]
    [InlineData("{\"ok\":true}")]
    [InlineData("{\"ok\":true,\"distance\":-1}")]
    [InlineData("{\"ok\":true,\"distance\":3}{}")]
    [InlineData("[1]")]
    public void Json_malformed_replies_are_RemoteException_without_status(string reply)
    {
        using var codec = WireCodec.Create(WireFormat.Json);
        var e = Assert.Throws<RemoteException>(() => codec.ReadDistance(Encoding.UTF8.GetBytes(reply)));
        Assert.Null(e.Status);
    }

    [Fact]
    public void Json_framing_waits_for_the_newline_and_scans_each_byte_once()
    {
        using var codec = WireCodec.Create(WireFormat.Json);
        var scanned = 0;
        Assert.False(codec.TryFrame("{\"ok\""u8, ref scanned, out _, out _, out _));
        Assert.Equal(5, scanned);
        Assert.True(codec.TryFrame("{\"ok\":true}\n"u8, ref scanned, out var payload, out var length, out _));
        Assert.Equal((0..11, 12), (payload, length));
    }

    /// <remarks>
    /// Binary only: System.Text.Json's writer allocates ~96 bytes per string until the JIT has optimized it (tiering,
    /// in the background, at a time no test controls), and nothing afterwards; the benchmarks measure that steady state.
    /// </remarks>
    [Fact]
    public void Encoding_and_decoding_a_binary_distance_allocates_nothing()
    {
        using var codec = WireCodec.Create(WireFormat.Binary);
        byte[] reply = [0, 3, 0, 0, 0];
        int Once()
        {
            codec.WriteDistance(Strategy.BitParallel, 10, "kitten", "sitting");
            return codec.ReadDistance(reply);
        }

        var sum = Once();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            sum += Once();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(3 * 1001, sum);
        Assert.Equal(0, allocated);
    }

    /// <summary>A binary error reply: status, argument, item, UTF-16 position (the code-point one alongside), message.</summary>
    private static byte[] BinaryError(byte status, byte argument, uint item, ulong position, string message = "m")
    {
        var text = Encoding.UTF8.GetBytes(message);
        var reply = new byte[1 + 1 + 4 + 8 + 8 + 4 + text.Length];
        reply[0] = status;
        reply[1] = argument;
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(2), item);
        BinaryPrimitives.WriteUInt64LittleEndian(reply.AsSpan(6), position);
        BinaryPrimitives.WriteUInt64LittleEndian(reply.AsSpan(14), position);
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(22), (uint)text.Length);
        text.CopyTo(reply, 26);
        return reply;
    }
}
