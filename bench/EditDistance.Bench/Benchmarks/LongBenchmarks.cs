using BenchmarkDotNet.Attributes;
using EditDistance.Bench.Inputs;
using EditDistance.CSharp;

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
public class LongBenchmarks : OneImplementationBenchmarks
{
    /// <summary>The bound of every call: small against the length, as a caller looking for near-duplicates would pass.</summary>
    public const int Bound = 10;

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

    protected override int Run() => Implementation.Distance(_a, _b, MaxDistance);

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

    protected override void Prepare(IEditDistance implementation)
    {
        (_a, _b) = InputSet.LongPair(Text, Length);
        Check(implementation, _a, _b, MaxDistance);
    }
}
