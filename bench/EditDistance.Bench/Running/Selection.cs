namespace EditDistance.Bench.Running;

/// <summary>
/// The <c>--filter</c> of the Bench target and of this program: comma-separated terms, a benchmark runs when any
/// term occurs (ignoring case) in its name <c>scenario/implementation/strategy</c>, e.g. "distance",
/// "nearest/rust", "python", "crossing/rust/native-dp". No filter selects everything.
/// </summary>
public sealed class Selection(string? filter)
{
    private readonly string[] _terms = (filter ?? "")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsAll => _terms.Length == 0;

    public bool Includes(string scenario, string implementation, string strategy) =>
        IsAll || _terms.Any(term => $"{scenario}/{implementation}/{strategy}".Contains(term, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => IsAll ? "everything" : string.Join(",", _terms);
}
