namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// Which benchmark of results.json a class feeds: "distance", "bounded", "nearest", "crossing", "codec" or "long"; the
/// Bench target runs each in a process of its own.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ScenarioAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// What a benchmark method measures, in the vocabulary of results.json: the implementation ("rust", "csharp",
/// "python", "rust-remote-binary", "rust-remote-json" or a peer's name) and the strategy ("dp", "bitparallel", "peer",
/// the kind of crossing, or for the codec the side timed).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MeasuresAttribute(string implementation, string strategy) : Attribute
{
    public string Implementation { get; } = implementation;

    public string Strategy { get; } = strategy;

    /// <summary>
    /// For bit-parallel nearest: "lanes" when the implementation picks its path itself (many entries per vector
    /// register where they are short), "scalar" when the entry-by-entry path is forced; results.json's
    /// <c>params.path</c>. Null elsewhere.
    /// </summary>
    public string? Path { get; init; }
}

/// <summary>
/// The benchmark times a batch of pairs per invocation, <see cref="Inputs.InputSet.PairsPerBatch"/> by default or
/// <see cref="Pairs"/> when set; results are divided by the batch size so that every published figure is per pair.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PerPairAttribute : Attribute
{
    /// <summary>A fixed batch size at every length; 0 for <see cref="Inputs.InputSet.PairsPerBatch"/>.</summary>
    public int Pairs { get; init; }
}
