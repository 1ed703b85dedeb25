using System.Text.Encodings.Web;
using System.Text.Json;

namespace EditDistance.Bench.Inputs;

/// <summary>
/// The inputs of one benchmark run, as files that BenchmarkDotNet and both native harnesses read, so that all of
/// them time exactly the same strings without re-implementing the generator in Rust and Python.
/// </summary>
/// <remarks>
/// Format: one JSON string literal per line (".jsonl"). It survives NUL, newlines and astral characters, Python
/// reads it with <c>json.loads</c>, and the std-only Rust harness needs only a string-literal decoder rather than
/// a JSON parser. Pair files hold the first string of pair i on line 2i and the second on line 2i + 1.
/// Names: <c>pairs-{ascii|mixed}-{length}.jsonl</c>, <c>bounded-ascii-{length}.jsonl</c>, <c>corpus.jsonl</c>,
/// <c>query-{length}.jsonl</c>, and the
/// long scenario's single pair <c>long-{text}-{length}.jsonl</c> (not <c>pairs-…</c>: the native harnesses time
/// every <c>pairs-*.jsonl</c> without a bound, which at this length would take pure Python hours).
/// </remarks>
public static class InputSet
{
    /// <summary>Pair lengths of the distance and crossing benchmarks, in code points.</summary>
    public static readonly int[] Lengths = [8, 64, 1000];

    /// <summary>Query lengths of the nearest benchmarks, in code points.</summary>
    public static readonly int[] QueryLengths = [8, 64];

    /// <summary>The bound of the <c>bounded</c> scenario: small, as a near-duplicate check or a spelling search passes.</summary>
    public const int BoundedMaxDistance = 3;

    /// <summary>
    /// Pairs per invocation of the <c>bounded</c> scenario, at every length: a bounded call stops early in every
    /// implementation, so even pure Python affords a large batch at 1000 code points.
    /// </summary>
    public const int BoundedPairsPerBatch = 256;

    /// <summary>Length of both strings of the long scenario's pair, in code points.</summary>
    public const int LongLength = 100_000;

    /// <summary>
    /// Text of the long pair: mixed-script, the hard case. Its astral characters make every language decode the
    /// strings to code points instead of comparing UTF-16 or UTF-8 units directly, and its ~200 distinct code
    /// points fill a pattern table that ASCII's 27 would not.
    /// </summary>
    public const TextKind LongText = TextKind.Mixed;

    /// <summary>Entries in the nearest-search corpus.</summary>
    public const int CorpusSize = 100_000;

    /// <summary>
    /// Pairs timed per benchmark invocation. Enough distinct pairs that the branch predictor cannot learn one
    /// pair by heart (about 2 000 characters per batch at every length except the longest), few enough at 1000
    /// code points that one invocation of pure-Python Wagner–Fischer (50–200 ms per pair) stays under a second.
    /// Results are divided by this count: every published figure is per pair.
    /// </summary>
    public static int PairsPerBatch(int length) => length switch
    {
        <= 8 => 256,
        <= 64 => 32,
        _ => 4,
    };

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        // Keeps non-ASCII text readable in the files; control characters, quotes and backslashes are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string? _directory;

    /// <summary>Where the input files are; set once by the program before any benchmark runs.</summary>
    public static string Directory
    {
        get => _directory ?? throw new InvalidOperationException("The input directory has not been set.");
        set => _directory = value;
    }

    /// <summary>Writes every input file into <paramref name="directory"/>, replacing what is there.</summary>
    public static void Write(string directory, Generator generator)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var kind in Enum.GetValues<TextKind>())
        {
            foreach (var length in Lengths)
            {
                var pairs = generator.Pairs(kind, length, PairsPerBatch(length));
                WriteLines(PairsPath(directory, kind, length), pairs.SelectMany(p => new[] { p.A, p.B }));
            }
        }

        foreach (var length in Lengths)
        {
            var pairs = generator.BoundedPairs(length, BoundedPairsPerBatch);
            WriteLines(BoundedPairsPath(directory, length), pairs.SelectMany(p => new[] { p.A, p.B }));
        }

        var (longA, longB) = generator.LongPair(LongText, LongLength);
        WriteLines(LongPairPath(directory, LongText, LongLength), [longA, longB]);
        WriteLines(Path.Combine(directory, "corpus.jsonl"), generator.Corpus(CorpusSize));
        foreach (var length in QueryLengths)
        {
            WriteLines(Path.Combine(directory, $"query-{length}.jsonl"), [generator.Query(length)]);
        }
    }

    /// <summary>True when every file <see cref="Write"/> produces is present.</summary>
    public static bool Exists(string directory) =>
        File.Exists(Path.Combine(directory, "corpus.jsonl"))
        && QueryLengths.All(l => File.Exists(Path.Combine(directory, $"query-{l}.jsonl")))
        && File.Exists(LongPairPath(directory, LongText, LongLength))
        && Enum.GetValues<TextKind>().All(k => Lengths.All(l => File.Exists(PairsPath(directory, k, l))))
        && Lengths.All(l => File.Exists(BoundedPairsPath(directory, l)));

    private static readonly Dictionary<string, string[]> Cache = [];

    public static (string A, string B)[] Pairs(TextKind kind, int length)
    {
        var lines = Read(PairsPath(Directory, kind, length));
        return Enumerable.Range(0, lines.Length / 2).Select(i => (lines[2 * i], lines[2 * i + 1])).ToArray();
    }

    /// <summary>The <c>bounded</c> scenario's ASCII pairs at <paramref name="length"/>.</summary>
    public static (string A, string B)[] BoundedPairs(int length)
    {
        var lines = Read(BoundedPairsPath(Directory, length));
        return Enumerable.Range(0, lines.Length / 2).Select(i => (lines[2 * i], lines[2 * i + 1])).ToArray();
    }

    /// <summary>The long scenario's pair (<see cref="LongText"/>, <see cref="LongLength"/>).</summary>
    public static (string A, string B) LongPair(TextKind kind, int length)
    {
        var lines = Read(LongPairPath(Directory, kind, length));
        return lines.Length == 2
            ? (lines[0], lines[1])
            : throw new InvalidDataException($"{LongPairPath(Directory, kind, length)} holds {lines.Length} strings instead of 2.");
    }

    public static string[] Corpus() => Read(Path.Combine(Directory, "corpus.jsonl"));

    public static string Query(int length) => Read(Path.Combine(Directory, $"query-{length}.jsonl"))[0];

    /// <summary>The file of the pairs at <paramref name="length"/>, which the NativeAOT harness reads itself.</summary>
    internal static string PairsPath(string directory, TextKind kind, int length) =>
        Path.Combine(directory, $"pairs-{kind.ToName()}-{length}.jsonl");

    // Not `pairs-…`: the native harnesses time every pairs file without a bound.
    private static string BoundedPairsPath(string directory, int length) =>
        Path.Combine(directory, $"bounded-ascii-{length}.jsonl");

    private static string LongPairPath(string directory, TextKind kind, int length) =>
        Path.Combine(directory, $"long-{kind.ToName()}-{length}.jsonl");

    private static void WriteLines(string path, IEnumerable<string> values) =>
        File.WriteAllLines(path, values.Select(v => JsonSerializer.Serialize(v, LineOptions)));

    /// <summary>Each file is read once per process: the in-process toolchain runs every benchmark in this process.</summary>
    private static string[] Read(string path)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(path, out var lines))
            {
                lines = File.ReadLines(path).Select(l => JsonSerializer.Deserialize<string>(l)!).ToArray();
                Cache[path] = lines;
            }

            return lines;
        }
    }
}
