using BenchmarkDotNet.Attributes;
using EditDistance.Bench.Inputs;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// The parameters of every benchmark that times distance pairs: the lengths and texts of the pair files
/// (<see cref="InputSet.Lengths"/>, every <see cref="TextKind"/>). Declared once so that the crossings with the
/// strings of a pair run at exactly the parameters of the distances they are subtracted from; [PerPair] reads
/// <see cref="Length"/> to divide by the batch size.
/// </summary>
public abstract class PairBenchmarks
{
    [Params(8, 64, 1000)]
    public int Length { get; set; }

    [Params(TextKind.Ascii, TextKind.Mixed)]
    public TextKind Text { get; set; }

    /// <summary>The batch of pairs at this length and text, as two arrays indexed alike.</summary>
    protected (string[] A, string[] B) Batch()
    {
        var pairs = InputSet.Pairs(Text, Length);
        return (pairs.Select(p => p.A).ToArray(), pairs.Select(p => p.B).ToArray());
    }
}
