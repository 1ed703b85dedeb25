namespace EditDistance.Bench.Benchmarks;

/// <summary>Which benchmark of results.json a class feeds: "distance", "nearest", "crossing" or "long".</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ScenarioAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// What a benchmark method measures, in the vocabulary of results.json: the implementation ("rust", "csharp",
/// "python" or a peer's name) and the strategy ("dp", "bitparallel", "peer" or the kind of crossing).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MeasuresAttribute(string implementation, string strategy) : Attribute
{
    public string Implementation { get; } = implementation;

    public string Strategy { get; } = strategy;
}

/// <summary>
/// The benchmark times a batch of <see cref="Inputs.InputSet.PairsPerBatch"/> pairs per invocation; results are
/// divided by the batch size so that every published figure is per pair.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PerPairAttribute : Attribute;
