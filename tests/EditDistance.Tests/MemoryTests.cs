using System.Globalization;

namespace EditDistance.Tests;

/// <summary>
/// Memory that follows the input's length and nothing else, measured from child processes (tests/EditDistance.Scenarios)
/// by the kernel's count of resident memory, so that native heaps and Python's allocator count too.
/// </summary>
/// <remarks>
/// The Rust library measures itself natively as well (rust/edit_distance/tests/long_inputs.rs), and the Python package
/// (python/tests/test_long_inputs.py); these go through the .NET implementations as an application uses them.
/// </remarks>
public sealed class MemoryTests
{
    /// <summary>What one call on long input may add to the process's peak memory, beyond its two input strings.</summary>
    private const long CeilingBytes = 128L << 20;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static TheoryData<string, string, int, string> LongInputs => new()
    {
        // 1 000 000 random CJK code points with max_distance = 10: before the pattern tables were bounded by the
        // length, bit-parallel took about 2.6 GB here; with the band, a bounded call is also fast.
        { "csharp", "bitparallel", 1_000_000, "10" },
        { "csharp", "dp", 1_000_000, "10" },
        { "rust", "bitparallel", 1_000_000, "10" },
        { "rust", "dp", 1_000_000, "10" },
        // Unbounded, memory only: at 200 000 code points the old tables took ~800 MB; a million would be a
        // 10^12-cell computation (half a minute in Rust) for the same finding.
        { "csharp", "bitparallel", 200_000, "none" },
        { "rust", "bitparallel", 200_000, "none" },
    };

    [Theory]
    [MemberData(nameof(LongInputs))]
    public void Long_random_CJK_strings_take_memory_proportional_to_their_length(string implementation, string strategy, int length, string bound)
    {
        var outcome = ScenarioProcess.Run("long-input-memory", Patience, implementation, strategy, length.ToString(CultureInfo.InvariantCulture), bound);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        if (outcome.StandardOutput.StartsWith("unsupported", StringComparison.Ordinal))
        {
            return; // not Linux: the scenario says why
        }

        var values = Values(outcome.StandardOutput);
        // Unrelated random strings of one length are about as far apart as they are long.
        Assert.True(bound == "none" ? values["result"] > length / 2 : values["result"] == 11, outcome.ToString());
        Assert.True(values["growth_bytes"] <= CeilingBytes, $"peak memory grew by {values["growth_bytes"] >> 20} MiB, above {CeilingBytes >> 20} MiB\n{outcome}");
    }

    [Theory]
    [InlineData("rust")]
    [InlineData("csharp")]
    [InlineData("python")]
    public void Creating_and_disposing_100000_corpora_leaves_memory_flat(string implementation)
    {
        // Tiered compilation recompiles hot methods in the background for a while, adding megabytes of code.
        var environment = new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" };
        var outcome = ScenarioProcess.Run("corpus-churn", Patience, environment, implementation, "100000");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var values = Values(outcome.StandardOutput);
        // One corpus leaked per cycle would add ~100 MB over the second half; what stays is allocator slack.
        Assert.True(values["unmanaged_growth"] <= 2L << 20, $"memory outside the managed heap grew by {values["unmanaged_growth"] >> 10} KiB over 50 000 cycles\n{outcome}");
        Assert.True(values["managed_growth"] <= 64L << 10, $"live managed memory grew by {values["managed_growth"] >> 10} KiB over 50 000 cycles\n{outcome}");
    }

    /// <summary>The <c>name=value</c> pairs of a scenario's output.</summary>
    private static Dictionary<string, long> Values(string output) =>
        output.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .Where(parts => parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
}
