using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EditDistance.Bench.Results;

/// <summary>
/// One line of results.json. The same shape comes from BenchmarkDotNet and from both native harnesses.
/// </summary>
/// <param name="Benchmark">"distance", "bounded", "nearest", "crossing", "codec", "long", or "startup" (the NativeAOT
/// harness's start-up to a first result).</param>
/// <param name="Implementation">"rust", "csharp", "python", a peer's name, or how Rust is reached from another
/// language: "rust-ctypes", "rust-remote-binary", "rust-remote-json".</param>
/// <param name="Strategy">"dp", "bitparallel", "peer" or the kind of crossing.</param>
/// <param name="Params">What varies, e.g. <c>{"length": 64, "text": "ascii"}</c>; the NativeAOT harness's rows add the
/// build as <c>"runtime"</c>: "jit", "aot" or "aot-direct".</param>
/// <param name="MedianNs">Median time of one operation (one pair, one query, one call), in nanoseconds.</param>
/// <param name="AllocatedBytes">Managed bytes allocated per operation; null where unknown (native harnesses).</param>
/// <param name="Source">Who measured it: "benchmarkdotnet", "native-rust", "native-python", "peak-memory" or
/// "aot-harness".</param>
public sealed record BenchResult(
    [property: JsonPropertyOrder(-2)] string Benchmark,
    string Implementation,
    string Strategy,
    JsonObject Params,
    double MedianNs,
    double? AllocatedBytes,
    string Source)
{
    /// <summary>
    /// Who made the call: "dotnet" (BenchmarkDotNet, the peak-memory children, the NativeAOT harness), "python" (the
    /// native Python harness) or "rust" (the native Rust harness). The same implementation called from two languages is
    /// two rows.
    /// Required in every raw file, so that a producer that forgets it is refused rather than taken for .NET.
    /// </summary>
    [JsonPropertyOrder(-1)]
    [JsonRequired]
    public string Caller { get; init; } = Callers.Dotnet;

    /// <summary>Iterations the median was taken over.</summary>
    public int? Iterations { get; init; }

    /// <summary>
    /// Lower end of the result's noise interval, per operation like <see cref="MedianNs"/>: BenchmarkDotNet's 99.9 %
    /// confidence interval of the mean, or for the native harnesses the fastest of their repetitions. Null where a
    /// single call was timed; a comparison then cannot separate the result from anything (see Report/Comparison.cs).
    /// </summary>
    public double? CiLowerNs { get; init; }

    /// <summary>Upper end of the noise interval: BenchmarkDotNet's 99.9 % confidence bound, or the slowest repetition of a native harness.</summary>
    public double? CiUpperNs { get; init; }

    /// <summary>
    /// How far the process's peak resident memory rose during one call, in bytes (the long scenario, Linux only,
    /// measured by the <c>peak</c> command and merged into the time row with the same parameters); null elsewhere.
    /// </summary>
    public long? PeakMemoryBytes { get; init; }

    /// <summary>
    /// Bytes requested from Rust's heap per operation, counted by the counting global allocator of the benchmark
    /// build (<c>--features bench</c>) in a pass of its own after the timings; null where not measured.
    /// </summary>
    public double? NativeAllocatedBytes { get; init; }

    /// <summary>Allocations on Rust's heap per operation, from the same count as <see cref="NativeAllocatedBytes"/>.</summary>
    public double? NativeAllocations { get; init; }

    /// <summary>
    /// Python only: the highest growth of memory traced by <c>tracemalloc</c> during one operation, in the native
    /// Python harness (no pythonnet conversion); null where not measured.
    /// </summary>
    public double? PythonPeakBytes { get; init; }

    public int? Int(string name) => Params.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    public string? Text(string name) => Params.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>A file of results as one producer writes it (raw/*.json), with what it knows about its environment.</summary>
/// <param name="Allocations">What one operation allocates on a native heap, measured apart from the timings; merged
/// into the time rows with the same benchmark, implementation, strategy and parameters.</param>
public sealed record ResultFile(
    string Source,
    JsonObject Environment,
    IReadOnlyList<BenchResult> Results,
    IReadOnlyList<string> Notes,
    IReadOnlyList<Allocation>? Allocations = null);

/// <summary>
/// What one operation allocates outside the managed heap: Rust's heap counted by the benchmark build's allocator,
/// or Python's traced by <c>tracemalloc</c> (see the properties of the same names on <see cref="BenchResult"/>).
/// </summary>
/// <param name="Caller">The caller of the time row it belongs to: Python's heap, measured in the native Python harness,
/// is shown beside the managed bytes of the call from .NET.</param>
public sealed record Allocation(
    string Benchmark,
    string Implementation,
    string Strategy,
    JsonObject Params,
    double? NativeAllocatedBytes = null,
    double? NativeAllocations = null,
    double? PythonPeakBytes = null,
    string Caller = Callers.Dotnet);

/// <summary>The values of <see cref="BenchResult.Caller"/>.</summary>
public static class Callers
{
    public const string Dotnet = "dotnet";
    public const string Python = "python";
    public const string Rust = "rust";
}

/// <summary>The one JSON convention of every file the benchmarks write: snake_case, indented.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(string path, T value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(value, Options) + "\n");
    }

    public static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path} holds no JSON value.");
}
