using BenchmarkDotNet.Attributes;
using EditDistance.Bench.Inputs;
using EditDistance.CSharp;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// <c>bounded</c>: <see cref="IEditDistance.Distance(string, string, int)"/> with <c>maxDistance</c> = 3 on ASCII
/// pairs of 8, 64 and 1000 code points, one random edit per ten code points (<see cref="Generator.BoundedPairs"/>): the
/// call every "is this within a few edits?" check and every bounded search makes. Short pairs are mostly within the
/// bound; at 1000 code points the answer is always 4, and the question is how soon each implementation gives up.
/// </summary>
/// <remarks>
/// Called exactly as <see cref="DistanceBenchmarks"/> calls the unbounded distance (Rust through P/Invoke, Python on a
/// thread that keeps its Python thread state), a batch of <see cref="InputSet.BoundedPairsPerBatch"/> pairs per
/// invocation. No .NET peer takes a bound, so there are none here. Each setup checks its implementation's answers
/// against C# Wagner–Fischer's first, so that a wrong answer fails the benchmark instead of being timed.
/// Baseline: C# Wagner–Fischer (with Ukkonen's band, as every dp here).
/// </remarks>
[Scenario("bounded")]
[PerPair(Pairs = InputSet.BoundedPairsPerBatch)]
public class BoundedBenchmarks : OneImplementationBenchmarks
{
    private string[] _a = [];
    private string[] _b = [];

    [Params(8, 64, 1000)]
    public int Length { get; set; }

    /// <summary>A single value, reported in the parameters so that results.json says what was timed.</summary>
    [Params(TextKind.Ascii)]
    public TextKind Text { get; set; }

    /// <summary>A single value, as <see cref="Text"/>.</summary>
    [Params(InputSet.BoundedMaxDistance)]
    public int MaxDistance { get; set; }

    protected override void Prepare(IEditDistance implementation)
    {
        var pairs = InputSet.BoundedPairs(Length);
        (_a, _b) = (pairs.Select(p => p.A).ToArray(), pairs.Select(p => p.B).ToArray());
        var reference = new CSharpEditDistance(Strategy.Dp);
        for (var i = 0; i < _a.Length; i++)
        {
            var expected = reference.Distance(_a[i], _b[i], MaxDistance);
            var actual = implementation.Distance(_a[i], _b[i], MaxDistance);
            if (actual != expected)
            {
                throw new InvalidOperationException(
                    $"{implementation.Implementation} {implementation.Strategy.ToName()} answered {actual} for bounded pair {i} at length {Length}, C# dp {expected}.");
            }
        }
    }

    protected override int Run()
    {
        var implementation = Implementation;
        var sum = 0;
        for (var i = 0; i < _a.Length; i++)
        {
            sum += implementation.Distance(_a[i], _b[i], MaxDistance);
        }

        return sum;
    }
}
