using BenchmarkDotNet.Attributes;
using EditDistance.Bench.Inputs;
using EditDistance.CSharp;
using EditDistance.Python;
using EditDistance.Rust;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// <c>long</c>, a bounded distance on input far longer than the bound: one call of
/// <see cref="IEditDistance.Distance(string, string, int)"/> with <c>maxDistance</c> = <see cref="Bound"/> on two
/// mixed-script strings of <see cref="InputSet.LongLength"/> code points each, a text and its mutated copy
/// (<see cref="Generator.LongPair"/>). Their distance is far above the bound, so the contract's answer is
/// <c>Bound + 1</c>; equal lengths keep the length gap from answering before the algorithm runs.
/// </summary>
/// <remarks>
/// It isolates what a caller pays when a bound meets long input — the misuse a service sees when someone pastes a
/// document into a field meant for a word: the hand-over of both strings (P/Invoke, pythonnet's conversion), the
/// decoding to code points, the per-call tables and buffers an implementation sizes by the input, and how soon it
/// gives up once the bound is out of reach. Every implementation × strategy is called as in
/// <see cref="DistanceBenchmarks"/>, Python on a thread that keeps its Python thread state. The peak memory of
/// the same call is measured in a child process per implementation × strategy (<c>peak</c> command,
/// <see cref="Running.PeakMemory"/>): MemoryDiagnoser sees managed allocations only.
/// Each setup checks the answer first, so that a wrong one fails the benchmark instead of being timed.
/// Baseline: C# Wagner–Fischer, as in <see cref="DistanceBenchmarks"/>.
/// </remarks>
[Scenario("long")]
public class LongBenchmarks
{
    /// <summary>The bound of every call: small against the length, as a caller looking for near-duplicates would pass.</summary>
    public const int Bound = 10;

    private IEditDistance? _implementation;
    private PythonThreadState? _pythonThread;
    private string _a = "";
    private string _b = "";

    /// <summary>A single value, reported in the parameters (and read by the setup) so that results.json says what was timed.</summary>
    [Params(InputSet.LongLength)]
    public int Length { get; set; }

    /// <summary>A single value, as <see cref="Length"/>.</summary>
    [Params(InputSet.LongText)]
    public TextKind Text { get; set; }

    /// <summary>A single value, as <see cref="Length"/>.</summary>
    [Params(Bound)]
    public int MaxDistance { get; set; }

    // One setup per target: each builds and checks only the implementation its benchmark times (the pure-Python
    // check alone can take a second).
    [GlobalSetup(Target = nameof(CSharpDp))]
    public void SetupCSharpDp() => Setup(new CSharpEditDistance(Strategy.Dp));

    [GlobalSetup(Target = nameof(CSharpBitParallel))]
    public void SetupCSharpBitParallel() => Setup(new CSharpEditDistance(Strategy.BitParallel));

    [GlobalSetup(Target = nameof(RustDp))]
    public void SetupRustDp() => Setup(new RustEditDistance(Strategy.Dp));

    [GlobalSetup(Target = nameof(RustBitParallel))]
    public void SetupRustBitParallel() => Setup(new RustEditDistance(Strategy.BitParallel));

    [GlobalSetup(Target = nameof(PythonDp))]
    public void SetupPythonDp() => Setup(new PythonEditDistance(Strategy.Dp));

    [GlobalSetup(Target = nameof(PythonBitParallel))]
    public void SetupPythonBitParallel() => Setup(new PythonEditDistance(Strategy.BitParallel));

    [GlobalCleanup]
    public void Cleanup()
    {
        _pythonThread?.Dispose();
        _pythonThread = null;
        _implementation = null;
    }

    [Benchmark(Baseline = true), Measures("csharp", "dp")]
    public int CSharpDp() => _implementation!.Distance(_a, _b, MaxDistance);

    [Benchmark, Measures("csharp", "bitparallel")]
    public int CSharpBitParallel() => _implementation!.Distance(_a, _b, MaxDistance);

    [Benchmark, Measures("rust", "dp")]
    public int RustDp() => _implementation!.Distance(_a, _b, MaxDistance);

    [Benchmark, Measures("rust", "bitparallel")]
    public int RustBitParallel() => _implementation!.Distance(_a, _b, MaxDistance);

    [Benchmark, Measures("python", "dp")]
    public int PythonDp() => _implementation!.Distance(_a, _b, MaxDistance);

    [Benchmark, Measures("python", "bitparallel")]
    public int PythonBitParallel() => _implementation!.Distance(_a, _b, MaxDistance);

    /// <summary>
    /// Calls <paramref name="implementation"/> once on the pair and throws unless it answers
    /// <paramref name="maxDistance"/> + 1, the contract's answer for a pair this far apart.
    /// </summary>
    public static void Check(IEditDistance implementation, string a, string b, int maxDistance)
    {
        var answer = implementation.Distance(a, b, maxDistance);
        if (answer != maxDistance + 1)
        {
            throw new InvalidOperationException(
                $"{implementation.Implementation} {implementation.Strategy.ToName()} answered {answer} on the long pair with max_distance = {maxDistance}; " +
                $"the pair's distance is far above the bound, so the contract's answer is {maxDistance + 1}. A wrong answer is not timed.");
        }
    }

    private void Setup(IEditDistance implementation)
    {
        (_a, _b) = InputSet.LongPair(Text, Length);
        if (implementation is PythonEditDistance)
        {
            _pythonThread = PythonRuntime.AttachCurrentThread();
        }

        Check(implementation, _a, _b, MaxDistance);
        _implementation = implementation;
    }
}
