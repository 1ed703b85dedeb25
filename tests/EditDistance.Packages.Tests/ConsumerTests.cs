using System.IO.Compression;
using System.Xml.Linq;
using CliWrap.Buffered;

namespace EditDistance.Packages.Tests;

/// <summary>
/// The packages as a user installs them: a console app (consumer/) that references EditDistance.Rust and
/// EditDistance.CSharp by version, restored from the local folder, run under the JIT and published with NativeAOT in
/// both of the ways the Rust package supports. Every run must print the same lines for both implementations.
/// </summary>
public sealed class ConsumerTests(Feed feed) : IClassFixture<Feed>
{
    private static readonly string NativeFileName =
        OperatingSystem.IsWindows() ? "edit_distance.dll" : OperatingSystem.IsMacOS() ? "libedit_distance.dylib" : "libedit_distance.so";

    private static readonly string StaticFileName = OperatingSystem.IsWindows() ? "edit_distance.lib" : "libedit_distance.a";

    private static readonly string ExecutableName = OperatingSystem.IsWindows() ? "Consumer.exe" : "Consumer";

    [Theory]
    [InlineData("EditDistance.Contract")]
    [InlineData("EditDistance.CSharp")]
    [InlineData("EditDistance.Rust")]
    public void Each_package_carries_what_a_publisher_sets(string id)
    {
        var package = Path.Combine(feed.Directory, $"{id}.{feed.Version}.nupkg");
        using var archive = ZipFile.OpenRead(package);
        var entries = archive.Entries.Select(e => e.FullName).ToList();
        var metadata = Nuspec(archive).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(id, Field("id"));
        Assert.Equal(feed.Version, Field("version"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", Field("readme"));
        Assert.Contains("README.md", entries);
        // Source Link records the commit the package was built from (and the URL, where git has an origin remote).
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"no symbols package beside {package}");

        if (id == "EditDistance.Contract")
        {
            Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
        }
        else
        {
            var dependency = Assert.Single(metadata.Descendants(), e => e.Name.LocalName == "dependency");
            Assert.Equal(("EditDistance.Contract", feed.Version), ((string?)dependency.Attribute("id"), (string?)dependency.Attribute("version")));
        }

        var native = entries.Where(e => e.EndsWith(".so") || e.EndsWith(".dylib") || e.EndsWith(".a") || e.EndsWith(".lib")
                                        || (e.EndsWith(".dll") && !e.StartsWith("lib/"))).ToList();
        if (id == "EditDistance.Rust")
        {
            var rid = Feed.HostRuntimeIdentifier;
            Assert.Contains($"runtimes/{rid}/native/{NativeFileName}", native);
            Assert.Contains($"static/{rid}/{StaticFileName}", native);
            Assert.Contains("buildTransitive/EditDistance.Rust.targets", entries);
            Assert.All(native, e => Assert.Matches(@"^(runtimes/[a-z0-9-]+/native/|static/[a-z0-9-]+/)[^/]+$", e));
        }
        else
        {
            Assert.Empty(native);
        }
    }

    [Fact]
    public async Task A_console_app_restores_the_package_from_a_folder_and_runs_under_the_JIT()
    {
        var consumer = feed.NewConsumer("jit");
        await feed.Dotnet(consumer, "build", "-c", "Release");
        var output = Path.Combine(consumer, "bin", "Release", "net10.0");

        // No RID: the SDK copies every platform's library under runtimes/, and the host finds this one's through
        // the app's .deps.json.
        Assert.True(File.Exists(Path.Combine(output, "runtimes", Feed.HostRuntimeIdentifier, "native", NativeFileName)));
        AssertPrintsTheResults(await feed.Run("dotnet", Path.Combine(output, "Consumer.dll")));
    }

    [Fact]
    public async Task NativeAot_loads_the_shared_library_next_to_the_executable()
    {
        var consumer = feed.NewConsumer("aot-shared");
        var publish = Path.Combine(consumer, "publish");
        var result = await feed.Dotnet(consumer, "publish", "-c", "Release", "-r", Feed.HostRuntimeIdentifier, "-p:PublishAot=true", "-o", publish);
        AssertNoWarnings(result);

        var library = Path.Combine(publish, NativeFileName);
        Assert.True(File.Exists(library), $"no {NativeFileName} in {publish}");
        AssertPrintsTheResults(await feed.Run(Path.Combine(publish, ExecutableName)));

        // What a user sees when the library is not shipped with the executable: the runtime's own message, caught
        // by the app, rather than a crash.
        File.Delete(library);
        var missing = await feed.Run(Path.Combine(publish, ExecutableName));
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("missing: ", missing.StandardOutput);
        Assert.Contains("edit_distance", missing.StandardOutput);
    }

    [Fact]
    public async Task NativeAot_links_the_static_library_into_one_executable()
    {
        var consumer = feed.NewConsumer("aot-static");
        var publish = Path.Combine(consumer, "publish");
        var result = await feed.Dotnet(
            consumer, "publish", "-c", "Release", "-r", Feed.HostRuntimeIdentifier, "-p:PublishAot=true", "-p:EditDistanceLinkStatically=true", "-o", publish);
        AssertNoWarnings(result);
        Assert.False(File.Exists(Path.Combine(publish, NativeFileName)), $"{NativeFileName} was published beside an executable that has it inside");

        // Alone in a directory of its own, the executable is all there is to ship.
        var alone = Directory.CreateDirectory(Path.Combine(feed.WorkDirectory, "aot-static-alone")).FullName;
        var executable = Path.Combine(alone, ExecutableName);
        File.Copy(Path.Combine(publish, ExecutableName), executable);
        AssertPrintsTheResults(await feed.Run(executable));
    }

    [Fact]
    public async Task Static_linking_without_NativeAot_is_refused_with_the_way_out()
    {
        var consumer = feed.NewConsumer("static-without-aot");
        var publish = await feed.TryDotnet(consumer, "publish", "-c", "Release", "-r", Feed.HostRuntimeIdentifier, "-p:EditDistanceLinkStatically=true");
        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("set PublishAot=true as well", publish.StandardOutput);
    }

    private static void AssertPrintsTheResults(BufferedCommandResult run)
    {
        Assert.True(run.ExitCode == 0, $"the consumer exited with {run.ExitCode}:\n{run.StandardOutput}\n{run.StandardError}");
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            new[] { "rust", "csharp" }.SelectMany(name => new[]
            {
                $"{name}: distance 3",
                $"{name}: nearest 2:0 1:1",
                $"{name}: error ArgumentException: The string is not valid UTF-16: lone surrogate at index 1. (Parameter 'a')",
            }),
            lines);
    }

    /// <summary>The packages promise trim- and AOT-clean code: any warning in a publish is a failure.</summary>
    private static void AssertNoWarnings(BufferedCommandResult publish)
    {
        var warnings = publish.StandardOutput.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 0, $"the publish warned:\n{string.Join('\n', warnings)}");
    }

    private static XDocument Nuspec(ZipArchive archive)
    {
        using var stream = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/')).Open();
        return XDocument.Load(stream);
    }
}
