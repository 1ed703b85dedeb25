using System.Text;
using EditDistance.Bench.Results;

namespace EditDistance.Bench.Report;

/// <summary>report.md's sections about Python as the caller and about Rust out of process.</summary>
public static partial class ReportWriter
{
    /// <summary>Baseline of the tables of calls from Python: pure-Python bit-parallel, the best Python has without leaving it.</summary>
    public const string PythonBaseline = "python bitparallel";

    /// <summary>
    /// The native Python harness's rows: distance and nearest through every mechanism against pure-Python bit-parallel,
    /// the empty calls, and the string hand-over choices into Rust through ctypes.
    /// </summary>
    private static void FromPython(StringBuilder md, ResultQuery python, IReadOnlyList<string> charts)
    {
        if (!python.Of("distance").Any() && !python.Of("nearest").Any() && !python.Of("crossing").Any())
        {
            return;
        }

        md.AppendLine("## Calling from Python");
        md.AppendLine();
        md.AppendLine($"Timed in the Python interpreter itself (`bench/native-python/bench.py`, `caller` python in results.json): pure Python (`edit_distance`), Rust in process through ctypes (`edit_distance.rust`, **rust-ctypes**), and Rust in another process over a Unix socket (`edit_distance.remote`, the server started by the harness: **rust-remote-binary** with length-prefixed binary frames, **rust-remote-json** with JSON lines). Median of the harness's samples; the ratio is against **{PythonBaseline}** at the same parameters (below 1× is faster).");
        md.AppendLine();
        var lengths = python.Lengths("distance", "length");
        foreach (var text in python.Texts("distance"))
        {
            md.AppendLine($"### distance from Python, {text} text");
            md.AppendLine();
            ImplementationTable(md, python.DistanceRows(), lengths.Select(l => $"L = {l}"), (implementation, strategy) =>
                lengths.Select(length => Cell(python.Distance(implementation, strategy, text, length), python.Distance("python", "bitparallel", text, length))),
                ("python", "bitparallel"));
            md.AppendLine();
            if (text == "ascii" && charts.Contains(Charts.PythonDistanceChart))
            {
                md.AppendLine($"![Time per pair against string length from Python, ASCII text, log–log: where a line crosses pure-Python bit-parallel's, that mechanism starts to pay]({Charts.PythonDistanceChart})");
                md.AppendLine();
            }
        }

        var queries = python.Lengths("nearest", "query_length");
        if (queries.Count > 0)
        {
            var corpus = python.Of("nearest").First();
            md.AppendLine($"### nearest from Python: k = {corpus.Int("k")} over {Format.Number(corpus.Int("corpus") ?? 0)} entries");
            md.AppendLine();
            md.AppendLine("Per query, on one thread, the corpus created once (a `Corpus`, a ctypes `Corpus` holding the native handle, a corpus created on the server and queried by id).");
            md.AppendLine();
            ImplementationTable(md, python.NearestRows(), queries.Select(q => $"query {q}"), (implementation, strategy) =>
                queries.Select(q => Cell(python.Nearest(implementation, strategy, q, 1), python.Nearest("python", "bitparallel", q, 1))),
                ("python", "bitparallel"));
            md.AppendLine();
        }

        var empty = new (BenchResult? Result, string Label)[]
        {
            (python.Crossing("rust-ctypes", "noop"), "ctypes: an empty export without arguments (`ed_noop`)"),
            (python.Crossing("rust-remote-binary", "ping"), "out of process: `ping` over the socket, binary frames"),
            (python.Crossing("rust-remote-binary-utf8", "ping"), "out of process: `ping` over the socket, binary frames with UTF-8 strings"),
            (python.Crossing("rust-remote-json", "ping"), "out of process: `ping` over the socket, JSON lines"),
        };
        if (empty.Any(e => e.Result is not null))
        {
            md.AppendLine("### The empty call from Python");
            md.AppendLine();
            md.AppendLine("| call | median |");
            md.AppendLine("|---|---:|");
            foreach (var (result, label) in empty.Where(e => e.Result is not null))
            {
                md.AppendLine($"| {label} | {Format.Time(result!.MedianNs)} |");
            }

            md.AppendLine();
        }

        var kinds = new (string Kind, string Label)[]
        {
            ("handover-utf16", "UTF-16LE bytes (`codecs.lookup('utf-16-le').encode`) into `ed_distance` (baseline)"),
            ("handover-utf8", "UTF-8 bytes (`str.encode()`) into `ed_bench_distance_utf8`"),
            ("handover-utf32", "`wchar_t` strings (`ctypes.c_wchar_p`, UTF-32 on Linux and macOS) into `ed_distance_utf32`"),
            ("noop-strings", "the empty call with the same strings, handed over as `edit_distance.rust.distance` hands them, into `ed_noop_strings`"),
        };
        var columns = python.Of("crossing").Where(r => kinds.Any(k => k.Kind == r.Strategy))
            .Select(r => (Text: r.Text("text")!, Length: r.Int("length")!.Value)).Distinct()
            .OrderBy(c => c.Text, StringComparer.Ordinal).ThenBy(c => c.Length).ToList();
        if (columns.Count > 0)
        {
            md.AppendLine("### Handing strings to Rust through ctypes");
            md.AppendLine();
            md.AppendLine("A bit-parallel distance per pair through the raw exports, the two strings encoded as named on every call (the UTF-8 export exists in the benchmark build only; `edit_distance.rust.distance` uses the UTF-32 one where `wchar_t` is UTF-32); the exports check and decode what they receive, so a lone surrogate is caught either by the encoder or by the export. The last row is the crossing alone. Ratio against UTF-16LE.");
            md.AppendLine();
            md.AppendLine($"| hand-over | {string.Join(" | ", columns.Select(c => $"{c.Text} {c.Length}"))} |");
            md.AppendLine($"|---|{string.Concat(columns.Select(_ => "---:|"))}");
            foreach (var (kind, label) in kinds)
            {
                var cells = columns.Select(c => Cell(python.Crossing("rust-ctypes", kind, c.Text, c.Length), python.Crossing("rust-ctypes", "handover-utf16", c.Text, c.Length)));
                md.AppendLine($"| {label} | {string.Join(" | ", cells)} |");
            }

            md.AppendLine();
        }
    }

    /// <summary>Both callers' out-of-process calls: the serialization tax of one distance call, and batching.</summary>
    private static void OutOfProcess(StringBuilder md, ResultQuery query)
    {
        var tax = SerializationTax.Compute(query);
        var batching = new[] { Callers.Python, Callers.Dotnet }
            .SelectMany(caller => query.From(caller).Of("crossing").Where(r => r.Strategy is "single-requests" or "one-batch" or "single-calls"))
            .ToList();
        if (tax.Count == 0 && batching.Count == 0)
        {
            return;
        }

        md.AppendLine("## Out of process: the serialization tax and batching");
        md.AppendLine();
        if (tax.Count > 0)
        {
            md.AppendLine("### The serialization tax of one distance call");
            md.AppendLine();
            md.AppendLine("One bit-parallel distance per request, from Python and from .NET, split into parts each timed on its own: **client codec**, the client encoding the request and decoding the reply (Python's `struct`/`json`, C#'s `BinaryPrimitives`/`System.Text.Json`), without a socket; **server codec**, the server decoding the request and encoding the reply (the native Rust harness, on the same messages); **round trip**, a `ping` on the same wire from the same caller, the socket's fixed cost (client and server on one core, so that no idle core has to wake: bench/README.md); **work**, the distance itself timed natively in Rust (`distance_utf16`). **rest** is the call minus the four: copying the payload through the socket and waking the server's thread. The parts come from different processes and timers, so a small negative rest is noise. Shares are of the call.");
            md.AppendLine();
            md.AppendLine("| caller | wire | text | L | call | client codec | server codec | round trip | work | rest |");
            md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in tax)
            {
                string Part(double ns) => $"{Format.Time(ns)} · {Format.Percent(row.Share(ns))}";
                var rest = row.RestNs < 0 ? $"−{Format.Time(-row.RestNs)}" : Part(row.RestNs);
                md.AppendLine($"| {(row.Caller == Callers.Dotnet ? ".NET" : "Python")} | {row.Wire} | {row.Text} | {row.Length} | {Format.Time(row.CallNs)} | {Part(row.ClientCodecNs)} | {Part(row.ServerCodecNs)} | {Part(row.RoundTripNs)} | {Part(row.WorkNs)} | {rest} |");
            }

            md.AppendLine();
        }

        if (batching.Count > 0)
        {
            var pairs = batching[0].Int("pairs");
            md.AppendLine($"### Batching: {Format.Number(pairs ?? 0)} distances in one request or in {Format.Number(pairs ?? 0)}");
            md.AppendLine();
            md.AppendLine("The same pairs (an 8-code-point query against the first corpus words, bit-parallel, no bound) as one `distance_batch` request, or as one `distance` request each on the same connection; one in-process call per pair (ctypes from Python, P/Invoke from .NET) beside them. Time per pair.");
            md.AppendLine();
            md.AppendLine("| caller | mechanism | one request per pair | one batch request | per pair / batch |");
            md.AppendLine("|---|---|---:|---:|---:|");
            foreach (var caller in new[] { Callers.Python, Callers.Dotnet })
            {
                var from = query.From(caller);
                var who = caller == Callers.Dotnet ? ".NET" : "Python";
                foreach (var wire in SerializationTax.Wires)
                {
                    var single = from.Crossing(SerializationTax.Implementation(wire), "single-requests");
                    var batch = from.Crossing(SerializationTax.Implementation(wire), "one-batch");
                    if (single is not null || batch is not null)
                    {
                        md.AppendLine($"| {who} | {SerializationTax.Implementation(wire)} | {Time(single)} | {Time(batch)} | {(single is null || batch is null ? "–" : Format.Ratio(single.MedianNs / batch.MedianNs))} |");
                    }
                }

                var (implementation, label) = caller == Callers.Python ? ("rust-ctypes", "rust-ctypes (one call per pair)") : ("rust", "rust through P/Invoke (one call per pair)");
                if (from.Crossing(implementation, "single-calls") is { } inProcess)
                {
                    md.AppendLine($"| {who} | {label} | {Format.Time(inProcess.MedianNs)} | – | – |");
                }
            }

            md.AppendLine();
        }
    }
}
