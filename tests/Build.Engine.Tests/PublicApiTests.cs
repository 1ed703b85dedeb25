using Nuke.Common;
using Xunit;

namespace Build.Engine.Tests;

/// <summary>
/// The stand-in's promise: every public type and member of build/Engine is one that Nuke.Common 10.1.0 has, with the
/// same signature, so that build/ compiles unchanged on Nuke.Common. An engine member Nuke lacks fails here.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly HashSet<string> Recorded = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Nuke.Common-10.1.0.api.txt"))
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_public_type_and_member_of_the_engine_is_in_Nuke_Common_10_1_0()
    {
        var engine = PublicApi.Describe(typeof(NukeBuild).Assembly.GetTypes()).ToList();

        var unknown = engine.Where(line => !Recorded.Contains(line)).ToList();

        Assert.NotEmpty(engine);
        Assert.True(unknown.Count == 0,
            "Not in Nuke.Common 10.1.0 (make it internal, or give it Nuke's signature; the list's header says how the list was recorded):\n"
            + string.Join("\n", unknown));
    }

    [Fact]
    public void The_recorded_list_holds_Nukes_whole_Executes_overload_set()
    {
        // Overload resolution picks among all of them: leaving one out of the engine would bind a lambda differently.
        var executes = Recorded.Where(line => line.StartsWith("Nuke.Common.ITargetDefinition public method: Executes", StringComparison.Ordinal)).Order().ToList();
        var engine = PublicApi.Describe([typeof(ITargetDefinition)]).Where(line => line.Contains(" method: Executes", StringComparison.Ordinal)).Order().ToList();

        Assert.Equal(3, executes.Count);
        Assert.Equal(executes, engine);
    }
}
