using BenchmarkDotNet.Attributes;
using EditDistance.Bench.Inputs;
using EditDistance.Remote;
using EditDistance.Rust;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// The Rust library out of process, from .NET: each class starts <c>edit-distance-server</c> in its
/// [GlobalSetup] (<see cref="RemoteServer.Start"/>, the binary the build copies next to the app) and stops it in its
/// [GlobalCleanup], and talks to it over a Unix socket (loopback TCP on Windows) with binary frames and with JSON
/// lines, the benchmark thread and the server on one core (<see cref="OneCore"/>). Bit-parallel only: the work on the far side is Rust's, which the distance scenario already times through
/// P/Invoke; what differs here is the crossing.
/// </summary>
internal sealed class RemoteClients : IDisposable
{
    // Before the server starts, so that it inherits the core (see OneCore).
    private readonly OneCore _core = OneCore.PinCurrentThread();
    private readonly RemoteServer _server;

    public RemoteClients()
    {
        _server = RemoteServer.Start();
        Binary = new RemoteEditDistance(Strategy.BitParallel, _server.EndPoint, WireFormat.Binary);
        Json = new RemoteEditDistance(Strategy.BitParallel, _server.EndPoint, WireFormat.Json);
    }

    public RemoteEditDistance Binary { get; }

    public RemoteEditDistance Json { get; }

    public void Dispose()
    {
        Binary.Dispose();
        Json.Dispose();
        _server.Dispose();
        _core.Dispose();
    }
}

/// <summary>
/// <c>distance</c> out of process, one request per pair, at the lengths and texts of <see cref="DistanceBenchmarks"/>
/// and on the same batches: beside Rust through P/Invoke and Python through pythonnet in the distance tables.
/// </summary>
[Scenario("distance")]
[PerPair]
public class DistanceRemoteBenchmarks : PairBenchmarks
{
    private RemoteClients? _clients;
    private string[] _a = [];
    private string[] _b = [];

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b) = Batch();
        _clients = new RemoteClients();
    }

    [GlobalCleanup]
    public void Cleanup() => _clients?.Dispose();

    [Benchmark, Measures("rust-remote-binary", "bitparallel")]
    public int RemoteBinary() => Run(_clients!.Binary);

    [Benchmark, Measures("rust-remote-json", "bitparallel")]
    public int RemoteJson() => Run(_clients!.Json);

    private int Run(RemoteEditDistance implementation)
    {
        var sum = 0;
        for (var i = 0; i < _a.Length; i++)
        {
            sum += implementation.Distance(_a[i], _b[i]);
        }

        return sum;
    }
}

/// <summary>
/// <c>nearest</c> out of process: k = 10 over the 100 000-word corpus, created once on the server
/// (<see cref="RemoteEditDistance.CreateCorpus"/>) and queried by id, one request per query, on one thread.
/// </summary>
[Scenario("nearest")]
public class NearestRemoteBenchmarks
{
    private RemoteClients? _clients;
    private ICorpus? _binary;
    private ICorpus? _json;
    private string _query = "";

    [Params(8, 64)]
    public int QueryLength { get; set; }

    /// <summary>Reported in the parameters, as in <see cref="NearestBenchmarks"/>; a single value.</summary>
    [Params(1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clients = new RemoteClients();
        _query = InputSet.Query(QueryLength);
        _binary = _clients.Binary.CreateCorpus(InputSet.Corpus());
        _json = _clients.Json.CreateCorpus(InputSet.Corpus());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _binary?.Dispose();
        _json?.Dispose();
        _clients?.Dispose();
    }

    [Benchmark, Measures("rust-remote-binary", "bitparallel")]
    public IReadOnlyList<Match> RemoteBinary() => _binary!.Nearest(_query, NearestBenchmarks.K, threads: Threads);

    [Benchmark, Measures("rust-remote-json", "bitparallel")]
    public IReadOnlyList<Match> RemoteJson() => _json!.Nearest(_query, NearestBenchmarks.K, threads: Threads);
}

/// <summary>
/// The empty call out of process: <see cref="RemoteEditDistance.Ping"/>, a request and a reply with nothing to
/// compute, per wire. The floor under every remote call, as <see cref="CrossingCallBenchmarks"/> is in process.
/// </summary>
[Scenario("crossing")]
public class CrossingRemoteCallBenchmarks
{
    private RemoteClients? _clients;

    [GlobalSetup]
    public void Setup() => _clients = new RemoteClients();

    [GlobalCleanup]
    public void Cleanup() => _clients?.Dispose();

    [Benchmark, Measures("rust-remote-binary", "ping")]
    public void PingBinary() => _clients!.Binary.Ping();

    [Benchmark, Measures("rust-remote-json", "ping")]
    public void PingJson() => _clients!.Json.Ping();
}

/// <summary>
/// Batching out of process: the distances of an 8-code-point query to the first <see cref="Pairs"/> corpus words,
/// bit-parallel and without a bound, as one <see cref="RemoteEditDistance.DistanceBatch"/> request or as one
/// <see cref="RemoteEditDistance.Distance(string, string)"/> request per pair, per wire; Rust through P/Invoke, one
/// call per pair, beside them as the in-process reference. Results are per pair.
/// </summary>
[Scenario("crossing")]
[PerPair(Pairs = Pairs)]
public class CrossingRemoteBatchBenchmarks
{
    /// <summary>Pairs per batch, the same in the native Python harness (<c>BATCH_PAIRS</c>).</summary>
    public const int Pairs = 10_000;

    private readonly RustEditDistance _rust = new(Strategy.BitParallel);
    private RemoteClients? _clients;
    private (string A, string B)[] _pairs = [];

    /// <summary>Reported in the parameters; a single value.</summary>
    [Params(8)]
    public int QueryLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clients = new RemoteClients();
        var query = InputSet.Query(QueryLength);
        _pairs = [.. InputSet.Corpus()[..Pairs].Select(entry => (query, entry))];

        // Both ways must give the same answers, or the two timings would not be of the same work.
        var batch = _clients.Binary.DistanceBatch(_pairs);
        for (var i = 0; i < _pairs.Length; i++)
        {
            var single = _rust.Distance(_pairs[i].A, _pairs[i].B);
            if (batch[i] != single)
            {
                throw new InvalidOperationException($"pair {i}: the batch answered {batch[i]}, P/Invoke {single}.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _clients?.Dispose();

    [Benchmark(Baseline = true), Measures("rust", "single-calls")]
    public int RustSingleCalls() => Single(_rust);

    [Benchmark, Measures("rust-remote-binary", "single-requests")]
    public int BinarySingleRequests() => Single(_clients!.Binary);

    [Benchmark, Measures("rust-remote-binary", "one-batch")]
    public int BinaryOneBatch() => _clients!.Binary.DistanceBatch(_pairs)[^1];

    [Benchmark, Measures("rust-remote-json", "single-requests")]
    public int JsonSingleRequests() => Single(_clients!.Json);

    [Benchmark, Measures("rust-remote-json", "one-batch")]
    public int JsonOneBatch() => _clients!.Json.DistanceBatch(_pairs)[^1];

    private int Single(IEditDistance implementation)
    {
        var sum = 0;
        foreach (var (a, b) in _pairs)
        {
            sum += implementation.Distance(a, b);
        }

        return sum;
    }
}
