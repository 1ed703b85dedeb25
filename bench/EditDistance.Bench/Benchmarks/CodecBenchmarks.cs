using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using EditDistance.Remote;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// The C# client's codec alone, without a socket: for each pair of a distance batch, encode the bit-parallel
/// <c>distance</c> request as <see cref="RemoteEditDistance"/> does, then find and decode the server's reply, per wire.
/// Set beside the same call over the socket, the round trip of <see cref="RemoteEditDistance.Ping"/>, the server's codec
/// (the native Rust harness) and the work, this is the client's share of the serialization tax. The replies are the
/// frames the server sends for these pairs (rust/server/README.md), built once in the setup. Same measurement: the
/// Python client's in bench/native-python/bench.py <c>ClientCodec</c>, the server's in bench/native-rust/src/codec.rs.
/// </summary>
[Scenario("codec")]
[PerPair]
public class CodecBenchmarks : PairBenchmarks
{
    private readonly Dictionary<WireFormat, (WireCodec Codec, byte[][] Replies)> _wires = [];
    private string[] _a = [];
    private string[] _b = [];

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b) = Batch();
        var rust = new Rust.RustEditDistance(Strategy.BitParallel);
        var distances = _a.Zip(_b, rust.Distance).ToArray();
        foreach (var format in new[] { WireFormat.Binary, WireFormat.Json })
        {
            var replies = distances.Select(d => Reply(format, d)).ToArray();
            _wires[format] = (WireCodec.Create(format), replies);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (codec, _) in _wires.Values)
        {
            codec.Dispose();
        }

        _wires.Clear();
    }

    [Benchmark, Measures("rust-remote-binary", "client")]
    public int Binary() => Run(WireFormat.Binary);

    [Benchmark, Measures("rust-remote-json", "client")]
    public int Json() => Run(WireFormat.Json);

    private int Run(WireFormat format)
    {
        var (codec, replies) = _wires[format];
        var sum = 0;
        for (var i = 0; i < _a.Length; i++)
        {
            codec.WriteDistance(Strategy.BitParallel, WireCodec.NoBound, _a[i], _b[i]);
            var scanned = 0;
            if (!codec.TryFrame(replies[i], ref scanned, out var payload, out _, out _))
            {
                throw new InvalidOperationException($"reply {i} is not a whole {format} frame");
            }

            sum += codec.ReadDistance(replies[i].AsSpan()[payload]);
        }

        return sum;
    }

    /// <summary>The server's reply to a successful distance request, framed as it arrives on the socket.</summary>
    private static byte[] Reply(WireFormat format, int distance)
    {
        if (format == WireFormat.Json)
        {
            return Encoding.UTF8.GetBytes($"{{\"ok\":true,\"distance\":{distance}}}\n");
        }

        // u32 payload length, then status 0 (ok) and the distance as a u32, little-endian.
        var frame = new byte[4 + 1 + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, 5);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), (uint)distance);
        return frame;
    }
}
