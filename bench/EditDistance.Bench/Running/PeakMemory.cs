using System.Diagnostics;
using System.Text.Json.Nodes;
using EditDistance.Bench.Benchmarks;
using EditDistance.Bench.Inputs;
using EditDistance.Bench.Results;
using EditDistance.CSharp;
using EditDistance.Python;
using EditDistance.Rust;

namespace EditDistance.Bench.Running;

/// <summary>
/// The peak memory of one call of the <c>long</c> scenario, measured by the <c>peak</c> command in a process of its
/// own (one per implementation × strategy, started by the Bench target): how far the process's peak resident set
/// rose above its resident set just before the call.
/// </summary>
/// <remarks>
/// <para>
/// BenchmarkDotNet's MemoryDiagnoser counts managed allocations only, while Rust allocates on the native heap and
/// Python on the interpreter's. The resident set covers all three. Linux only: the kernel keeps the peak (VmHWM in
/// /proc/self/status) and resets it to the current resident set when "5" is written to /proc/self/clear_refs
/// (Linux 4.0 and later), so the peak after the call is the call's own. Elsewhere nothing is measured and the
/// report says why.
/// </para>
/// <para>
/// What is excluded: one-time costs, by a warm-up call on the first <see cref="WarmUpLength"/> code points of the
/// same pair (starting Python and importing the package, loading the Rust library, compiling the .NET code paths
/// that long input takes: decoding and the block-wise algorithm), and the garbage of reading the inputs, collected
/// before the reset. What is included and is not the algorithm's: allocator slack (pages a heap touched but does
/// not use), the conversion of both strings where the boundary makes one (pythonnet copies them into Python
/// strings), and whatever a .NET background thread (tiered compilation, the GC) touches during the call.
/// Granularity: the kernel counts kilobytes.
/// </para>
/// </remarks>
public static class PeakMemory
{
    /// <summary>The source of the raw results this writes; the merger folds them into the time rows.</summary>
    public const string Source = "peak-memory";

    /// <summary>Code points of each string in the warm-up call: long enough for every code path a long call takes, small enough to leave no buffer of long-input size behind.</summary>
    public const int WarmUpLength = 1000;

    private const string ClearRefs = "/proc/self/clear_refs";

    /// <summary>How the note that says why nothing was measured begins; the report looks for it.</summary>
    public const string NotMeasured = "Peak memory of the long scenario was not measured";

    /// <summary>Why peak memory cannot be measured on this machine, or null when it can.</summary>
    public static string? Unsupported() =>
        OperatingSystem.IsLinux() && File.Exists(ClearRefs)
            ? null
            : $"{NotMeasured}: it needs Linux's {ClearRefs} to reset the peak resident set before the call, which {System.Runtime.InteropServices.RuntimeInformation.OSDescription} does not have.";

    /// <summary>The implementations the <c>peak</c> command can create, by the names of results.json.</summary>
    public static readonly IReadOnlyList<string> Implementations = ["csharp", "rust", "python"];

    /// <summary>
    /// Creates the implementation, warms it up, and measures one bounded call on the long pair; throws when the
    /// answer is not the contract's. Returns the result as a raw results file.
    /// </summary>
    public static ResultFile Measure(string implementationName, Strategy strategy)
    {
        var (a, b) = InputSet.LongPair(InputSet.LongText, InputSet.LongLength);
        var implementation = Create(implementationName, strategy);
        using var pythonThread = implementation is PythonEditDistance ? PythonRuntime.AttachCurrentThread() : null;

        implementation.Distance(Generator.Truncate(a, WarmUpLength), Generator.Truncate(b, WarmUpLength), LongBenchmarks.Bound);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        File.WriteAllText(ClearRefs, "5");
        // Environment.WorkingSet is VmRSS and Process.PeakWorkingSet64 is VmHWM, both parsed from
        // /proc/self/status by the runtime itself.
        var before = Environment.WorkingSet;
        var watch = Stopwatch.StartNew();
        var answer = implementation.Distance(a, b, LongBenchmarks.Bound);
        watch.Stop();
        long peak;
        using (var self = Process.GetCurrentProcess())
        {
            peak = self.PeakWorkingSet64;
        }

        if (answer != LongBenchmarks.Bound + 1)
        {
            throw new InvalidOperationException($"{implementationName} {strategy.ToName()} answered {answer} on the long pair with max_distance = {LongBenchmarks.Bound}; the contract's answer is {LongBenchmarks.Bound + 1}.");
        }

        var result = new BenchResult("long", implementationName, strategy.ToName(), Parameters(), watch.Elapsed.TotalNanoseconds, null, Source)
        {
            Iterations = 1,
            PeakMemoryBytes = Math.Max(0, peak - before),
        };
        return new ResultFile(Source, new JsonObject(), [result], []);
    }

    /// <summary>The parameters of the long scenario's rows, as BenchmarkDotNet reports them for <see cref="LongBenchmarks"/>.</summary>
    public static JsonObject Parameters() => new()
    {
        ["length"] = InputSet.LongLength,
        ["text"] = InputSet.LongText.ToName(),
        ["max_distance"] = LongBenchmarks.Bound,
    };

    /// <summary>The strategy named as in results.json ("dp", "bitparallel").</summary>
    public static Strategy ParseStrategy(string name) =>
        Enum.GetValues<Strategy>().Where(s => s.ToName() == name).Select(s => (Strategy?)s).FirstOrDefault()
            ?? throw new ArgumentException($"Unknown strategy '{name}': dp or bitparallel.", nameof(name));

    private static IEditDistance Create(string implementation, Strategy strategy) => implementation switch
    {
        "csharp" => new CSharpEditDistance(strategy),
        "rust" => new RustEditDistance(strategy),
        "python" => new PythonEditDistance(strategy),
        _ => throw new ArgumentException($"Unknown implementation '{implementation}': {string.Join(", ", Implementations)}.", nameof(implementation)),
    };
}
