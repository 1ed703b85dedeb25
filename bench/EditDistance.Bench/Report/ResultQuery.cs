using EditDistance.Bench.Results;

namespace EditDistance.Bench.Report;

/// <summary>
/// Looks results up by what they measure, among the calls made by one caller (<see cref="BenchResult.Caller"/>,
/// .NET unless said otherwise); every report sentence goes through here.
/// </summary>
internal sealed class ResultQuery(IReadOnlyList<BenchResult> results, string caller = Callers.Dotnet)
{
    private readonly IReadOnlyList<BenchResult> _mine = results.Where(r => r.Caller == caller).ToList();

    /// <summary>This caller's results.</summary>
    public IReadOnlyList<BenchResult> All => _mine;

    public string Caller => caller;

    /// <summary>The same results seen from another caller: the native harnesses' rows, the calls made from Python.</summary>
    public ResultQuery From(string other) => other == caller ? this : new ResultQuery(results, other);

    public IEnumerable<BenchResult> Of(string benchmark) => _mine.Where(r => r.Benchmark == benchmark);

    public BenchResult? Distance(string implementation, string strategy, string text, int length) =>
        Of("distance").FirstOrDefault(r => r.Implementation == implementation && r.Strategy == strategy
            && r.Text("text") == text && r.Int("length") == length);

    /// <summary>
    /// A nearest result on the path the implementation picks by itself (<paramref name="path"/> null): rows with the
    /// scalar path forced are only returned when asked for by name.
    /// </summary>
    public BenchResult? Nearest(string implementation, string strategy, int queryLength, int threads, string? path = null) =>
        Of("nearest").FirstOrDefault(r => r.Implementation == implementation && r.Strategy == strategy
            && r.Int("query_length") == queryLength && r.Int("threads") == threads
            && (path is null ? r.Text("path") != "scalar" : r.Text("path") == path));

    /// <summary>A bounded-scenario row at one length.</summary>
    public BenchResult? Bounded(string implementation, string strategy, int length) =>
        Of("bounded").FirstOrDefault(r => r.Implementation == implementation && r.Strategy == strategy && r.Int("length") == length);

    public BenchResult? Crossing(string implementation, string kind, string? text = null, int? length = null) =>
        Of("crossing").FirstOrDefault(r => r.Implementation == implementation && r.Strategy == kind
            && (text is null || r.Text("text") == text) && (length is null || r.Int("length") == length));

    /// <summary>A codec row: one side's encoding and decoding of a distance call's messages, alone.</summary>
    public BenchResult? Codec(string implementation, string side, string text, int length) =>
        Of("codec").FirstOrDefault(r => r.Implementation == implementation && r.Strategy == side
            && r.Text("text") == text && r.Int("length") == length);

    /// <summary>
    /// A row of the NativeAOT harness (Running/NativeAotHarness.cs): one measurement in one build of its program,
    /// <paramref name="runtime"/> <c>jit</c>, <c>aot</c> or <c>aot-direct</c>. Only rows with a runtime match, so that
    /// no other row of the benchmark stands in for one.
    /// </summary>
    public BenchResult? Build(string benchmark, string strategy, string runtime) =>
        Of(benchmark).FirstOrDefault(r => r.Implementation == "rust" && r.Strategy == strategy && r.Text("runtime") == runtime);

    /// <summary>The long scenario's row for an implementation × strategy (a single set of parameters).</summary>
    public BenchResult? Long(string implementation, string strategy) =>
        Of("long").FirstOrDefault(r => r.Implementation == implementation && r.Strategy == strategy);

    /// <summary>The implementation × strategy rows of a benchmark, in the report's order.</summary>
    public IReadOnlyList<(string Implementation, string Strategy)> Rows(string benchmark) => Rows(Of(benchmark));

    /// <summary>The distance rows present, in the report's order: own implementations first, then the peers.</summary>
    public IReadOnlyList<(string Implementation, string Strategy)> DistanceRows() => Rows(Of("distance"));

    public IReadOnlyList<(string Implementation, string Strategy)> NearestRows() => Rows(Of("nearest"));

    public IReadOnlyList<int> Lengths(string benchmark, string parameter) =>
        Of(benchmark).Select(r => r.Int(parameter)).OfType<int>().Distinct().Order().ToList();

    public IReadOnlyList<string> Texts(string benchmark) =>
        Of(benchmark).Select(r => r.Text("text")).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The order of the tables' rows: the caller's own language first (the baseline lives there), then Rust in process,
    /// then out of process, then the other languages; peers last, by name.
    /// </summary>
    private string[] ImplementationOrder => caller == Callers.Python
        ? ["python", "rust-ctypes", "rust-remote-binary", "rust-remote-binary-utf8", "rust-remote-json"]
        : ["csharp", "rust", "rust-remote-binary", "rust-remote-binary-utf8", "rust-remote-json", "python"];

    private List<(string, string)> Rows(IEnumerable<BenchResult> source) => source
        .Select(r => (r.Implementation, r.Strategy))
        .Distinct()
        .OrderBy(r => Array.IndexOf(ImplementationOrder, r.Implementation) is var i and >= 0 ? i : ImplementationOrder.Length)
        .ThenBy(r => r.Implementation, StringComparer.Ordinal)
        .ThenBy(r => r.Strategy == "dp" ? 0 : 1)
        .ToList();
}
