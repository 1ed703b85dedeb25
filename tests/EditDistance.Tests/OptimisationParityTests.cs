using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EditDistance.CSharp;
using EditDistance.Python;
using EditDistance.Rust;

namespace EditDistance.Tests;

/// <summary>
/// Each strategy must be the same algorithm with the same optimisations in Rust, C# and Python, so that a benchmark
/// ratio between languages measures the language. <c>tests/vectors/optimisations.json</c> lists every optimisation
/// with the file and symbol implementing it in each language; these tests fail when a language has no site for
/// one, when a named site is gone, when a behavioural check fails in any language, or when the root README's table
/// says something else.
/// </summary>
public sealed class OptimisationParityTests
{
    private static readonly string[] Languages = ["rust", "csharp", "python"];

    private static readonly string[] Strategies = ["dp", "bitparallel"];

    private static JsonDocument Table { get; } =
        JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Vectors("optimisations.json")));

    private static IEnumerable<JsonElement> Optimisations => Table.RootElement.GetProperty("optimisations").EnumerateArray();

    public static TheoryData<string> Names => new(Optimisations.Select(o => o.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_language_has_a_site_for_the_optimisation_and_the_site_exists(string name)
    {
        var optimisation = Find(name);
        Assert.False(string.IsNullOrWhiteSpace(optimisation.GetProperty("description").GetString()), $"{name}: no description");
        Assert.Contains(optimisation.GetProperty("entry").GetString(), new[] { "distance", "nearest" });
        var strategies = optimisation.GetProperty("strategies").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.NotEmpty(strategies);
        Assert.All(strategies, s => Assert.Contains(s, Strategies));
        foreach (var language in Languages)
        {
            Assert.True(optimisation.TryGetProperty(language, out var sites), $"{name}: no entry for {language}");
            Assert.True(sites.GetArrayLength() > 0, $"{name}: no site in {language}");
            foreach (var site in sites.EnumerateArray())
            {
                AssertSite(name, language, site);
            }
        }
    }

    [Fact]
    public void Language_specific_entries_name_existing_sites_and_say_why()
    {
        var names = Optimisations.Select(o => o.GetProperty("name").GetString()).ToHashSet();
        foreach (var entry in Table.RootElement.GetProperty("language_specific").EnumerateArray())
        {
            var name = entry.GetProperty("name").GetString()!;
            Assert.DoesNotContain(name, names);
            Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("why").GetString()), $"{name}: no reason given");
            var languages = entry.GetProperty("languages").EnumerateArray().Select(l => l.GetString()!).ToList();
            // Something all three do belongs in `optimisations`, where the test above holds every language to it.
            Assert.InRange(languages.Count, 1, Languages.Length - 1);
            foreach (var language in languages)
            {
                Assert.Contains(language, Languages);
                foreach (var site in entry.GetProperty("sites").GetProperty(language).EnumerateArray())
                {
                    AssertSite(name, language, site);
                }
            }
        }
    }

    public static TheoryData<string, string> Checks
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var optimisation in Optimisations.Where(o => o.TryGetProperty("check", out _)))
            {
                foreach (var language in Languages)
                {
                    data.Add(optimisation.GetProperty("name").GetString()!, language);
                }
            }

            return data;
        }
    }

    /// <summary>
    /// The behavioural side: an input only the optimisation makes feasible. Nothing is timed; without the band, the
    /// call would not finish within the test run at all (4 × 10^10 cells).
    /// </summary>
    [Theory]
    [MemberData(nameof(Checks))]
    public void The_optimisation_holds_in_every_language(string name, string language)
    {
        var check = Find(name).GetProperty("check");
        Assert.Equal("long_bounded_distance", check.GetProperty("kind").GetString());
        var strategy = check.GetProperty("strategy").GetString() == "dp" ? Strategy.Dp : Strategy.BitParallel;
        IEditDistance implementation = language switch
        {
            "rust" => new RustEditDistance(strategy),
            "csharp" => new CSharpEditDistance(strategy),
            _ => new PythonEditDistance(strategy),
        };
        // The Python implementation owns Python objects until it is disposed.
        using var owned = implementation as IDisposable;
        var (a, b) = FourSubstitutionsApart(check.GetProperty("length").GetInt32());
        var max = check.GetProperty("max_distance").GetInt32();
        Assert.Equal(check.GetProperty("expected").GetInt32(), implementation.Distance(a, b, max));
        Assert.Equal(check.GetProperty("expected").GetInt32(), implementation.Distance(b, a, max));
    }

    [Fact]
    public void The_readme_table_names_the_same_optimisations_and_sites()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        const string heading = "## Optimisations, and where each lives";
        var start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section \"{heading}\"");
        var rows = readme[start..].Split('\n')
            .SkipWhile(line => !line.StartsWith('|'))
            .TakeWhile(line => line.StartsWith('|'))
            .Skip(2) // header and separator
            .ToDictionary(row => row.Split('|')[1].Trim());
        var names = Optimisations.Select(o => o.GetProperty("name").GetString()!).ToList();
        Assert.Equal(names.Order(), rows.Keys.Order());
        foreach (var optimisation in Optimisations)
        {
            var name = optimisation.GetProperty("name").GetString()!;
            var cells = rows[name].Split('|');
            for (var i = 0; i < Languages.Length; i++)
            {
                // Columns: name, strategies, what, Rust, C#, Python.
                var cell = cells[4 + i];
                foreach (var site in optimisation.GetProperty(Languages[i]).EnumerateArray())
                {
                    var expected = $"`{Path.GetFileName(site.GetProperty("file").GetString())}` `{site.GetProperty("symbol").GetString()}`";
                    Assert.True(cell.Contains(expected, StringComparison.Ordinal), $"README row {name}, {Languages[i]}: {expected} missing in \"{cell.Trim()}\"");
                }
            }
        }
    }

    private static JsonElement Find(string name) => Optimisations.Single(o => o.GetProperty("name").GetString() == name);

    private static void AssertSite(string name, string language, JsonElement site)
    {
        var file = site.GetProperty("file").GetString()!;
        var symbol = site.GetProperty("symbol").GetString()!;
        var path = Path.Combine(RepoPaths.Root, file);
        Assert.True(File.Exists(path), $"{name}, {language}: {file} does not exist");
        var text = File.ReadAllText(path);
        Assert.True(
            Regex.IsMatch(text, $@"(?<![\w]){Regex.Escape(symbol)}(?![\w])"),
            $"{name}, {language}: {file} does not contain {symbol}");
        Assert.True(ExtensionOf(language) == Path.GetExtension(file), $"{name}, {language}: {file} is not a {language} file");
    }

    private static string ExtensionOf(string language) => language switch
    {
        "rust" => ".rs",
        "csharp" => ".cs",
        _ => ".py",
    };

    /// <summary>
    /// A deterministic text of <paramref name="length"/> letters and a copy with 4 substitutions spread over it, the
    /// first and last code point included, so that no common affix is stripped and no row exceeds a bound of 3
    /// before the end.
    /// </summary>
    private static (string A, string B) FourSubstitutionsApart(int length)
    {
        var random = new Random(20261201);
        var a = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            a.Append((char)('a' + random.Next(10)));
        }

        var b = new StringBuilder(a.ToString());
        foreach (var position in new[] { 0, length / 3, 2 * length / 3, length - 1 })
        {
            b[position] = 'z';
        }

        return (a.ToString(), b.ToString());
    }
}
