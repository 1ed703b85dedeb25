using System.Reflection;

namespace EditDistance.Tests;

/// <summary>Where the repository's shared files are; the csproj records the root at build time.</summary>
internal static class RepoPaths
{
    public static string Root { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepoRoot").Value
        ?? throw new InvalidOperationException("The test assembly does not record the repository root.");

    public static string Vectors(string file) => Path.Combine(Root, "tests", "vectors", file);
}
