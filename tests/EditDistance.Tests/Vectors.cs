using System.Text.Json;

namespace EditDistance.Tests;

/// <summary>
/// The shared vectors in tests/vectors, which the Rust and Python suites read too. Cases are looked up by name so
/// that every theory row shows the case's name in the test output.
/// </summary>
internal static class Vectors
{
    public sealed record DistanceCase(string Name, string A, string B, int Distance);

    public sealed record BoundedCase(string Name, string A, string B, int MaxDistance, int Expected);

    public sealed record NearestCase(string Name, string Query, IReadOnlyList<string> Corpus, int K, int? MaxDistance, IReadOnlyList<Match> Expected);

    /// <summary>
    /// One bad call. Strings can be null; <see cref="Error"/> is "null", "invalid_string" or "negative";
    /// <see cref="Argument"/> is the contract's snake_case name.
    /// </summary>
    public sealed record ErrorCase(
        string Name, string Call, string? A, string? B, string? Query, IReadOnlyList<string?>? Corpus, int K, int? MaxDistance,
        string Error, string Argument, int? Item, int? PositionUtf16);

    public static IReadOnlyDictionary<string, DistanceCase> Distance { get; } = Load("distance.json", c => new DistanceCase(
        c.GetProperty("name").GetString()!, Text(c.GetProperty("a"))!, Text(c.GetProperty("b"))!, c.GetProperty("distance").GetInt32()));

    public static IReadOnlyDictionary<string, BoundedCase> Bounded { get; } = Load("bounded.json", c => new BoundedCase(
        c.GetProperty("name").GetString()!, Text(c.GetProperty("a"))!, Text(c.GetProperty("b"))!,
        c.GetProperty("max_distance").GetInt32(), c.GetProperty("expected").GetInt32()));

    public static IReadOnlyDictionary<string, NearestCase> Nearest { get; } = Load("nearest.json", c => new NearestCase(
        c.GetProperty("name").GetString()!,
        Text(c.GetProperty("query"))!,
        c.GetProperty("corpus").EnumerateArray().Select(e => Text(e)!).ToArray(),
        c.GetProperty("k").GetInt32(),
        OptionalInt(c, "max_distance"),
        c.GetProperty("expected").EnumerateArray()
            .Select(m => new Match(m.GetProperty("index").GetInt32(), m.GetProperty("distance").GetInt32())).ToArray()));

    public static IReadOnlyDictionary<string, ErrorCase> Errors { get; } = Load("errors.json", c => new ErrorCase(
        c.GetProperty("name").GetString()!,
        c.GetProperty("call").GetString()!,
        OptionalText(c, "a"),
        OptionalText(c, "b"),
        OptionalText(c, "query"),
        c.TryGetProperty("corpus", out var corpus) && corpus.ValueKind == JsonValueKind.Array
            ? corpus.EnumerateArray().Select(Text).ToArray()
            : null,
        OptionalInt(c, "k") ?? 0,
        OptionalInt(c, "max_distance"),
        c.GetProperty("error").GetString()!,
        c.GetProperty("argument").GetString()!,
        OptionalInt(c, "item"),
        OptionalInt(c, "position_utf16")));

    public static TheoryData<string> Names<T>(IReadOnlyDictionary<string, T> cases) => new(cases.Keys);

    /// <summary>The C# parameter name for a contract argument name: max_distance → maxDistance.</summary>
    public static string CSharpName(string argument)
    {
        var parts = argument.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static IReadOnlyDictionary<string, T> Load<T>(string file, Func<JsonElement, T> read)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Vectors(file)));
        var cases = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            cases.Add(c.GetProperty("name").GetString()!, read(c));
        }

        return cases;
    }

    private static int? OptionalInt(JsonElement c, string name) =>
        c.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static string? OptionalText(JsonElement c, string name) =>
        c.TryGetProperty(name, out var value) ? Text(value) : null;

    /// <summary>
    /// A JSON string, null, or {"utf16": [code units]}: the last form carries lone surrogates, which
    /// System.Text.Json (rightly) refuses to decode from escaped JSON text.
    /// </summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object => new string(value.GetProperty("utf16").EnumerateArray().Select(u => (char)u.GetUInt16()).ToArray()),
        _ => throw new InvalidDataException($"Unexpected string form in a vector: {value.ValueKind}."),
    };
}
