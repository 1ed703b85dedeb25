namespace EditDistance.Bench.Inputs;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): the seeded generator behind every benchmark input.
/// </summary>
/// <remarks>
/// Hand-written rather than <see cref="Random"/> because the documentation of <see cref="Random"/> does not promise
/// the same sequence for the same seed across .NET versions, and the inputs must stay identical from one run (and
/// one machine) to the next so that results can be compared. Ten lines of a published algorithm are cheaper than
/// a dependency.
/// </remarks>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>); the modulo bias is below 2^-40 for our bounds.</summary>
    public int Below(int bound) => (int)(Next() % (ulong)bound);

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Draws an index from a table of weights (they need not sum to 1).</summary>
    public int Pick(IReadOnlyList<double> weights, double total)
    {
        var x = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
