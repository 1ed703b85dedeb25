using EditDistance.CSharp;
using EditDistance.Python;
using EditDistance.Rust;

namespace EditDistance.Scenarios;

/// <summary>The implementations a scenario can be asked for, by the names <see cref="IEditDistance.Implementation"/> gives.</summary>
internal static class Implementations
{
    public static IEditDistance Create(string name, string strategy)
    {
        var parsed = strategy switch
        {
            "dp" => Strategy.Dp,
            "bitparallel" => Strategy.BitParallel,
            _ => throw new ArgumentException($"Unknown strategy '{strategy}': dp or bitparallel.", nameof(strategy)),
        };
        return name switch
        {
            "csharp" => new CSharpEditDistance(parsed),
            "rust" => new RustEditDistance(parsed),
            "python" => new PythonEditDistance(parsed),
            _ => throw new ArgumentException($"Unknown implementation '{name}': csharp, rust or python.", nameof(name)),
        };
    }
}
