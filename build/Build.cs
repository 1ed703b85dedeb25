using Nuke.Common;
using Nuke.Common.IO;

/// <summary>
/// The repository's build: Rust library, .NET solution, the three test suites, the benchmarks and the C ABI fuzzer.
/// Targets live in one partial file per concern (Build.Rust.cs, Build.Dotnet.cs, Build.Test.cs, Build.Bench.cs, Build.Fuzz.cs).
/// </summary>
partial class Build : NukeBuild
{
    public static int Main() => Execute<Build>(x => x.Test);

    [Parameter("Configuration of the .NET build: Debug or Release.")]
    readonly Configuration Configuration = Configuration.Release;

    [Parameter("Python interpreter for the Python suite and the pythonnet host (exported as EDIT_DISTANCE_PYTHON).")]
    readonly string Python = OperatingSystem.IsWindows() ? "python" : "python3";

    AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";
    AbsolutePath PythonDirectory => RootDirectory / "python";

    protected override void OnBuildInitialized()
    {
        // The pythonnet host inside `dotnet test` and the benchmarks are separate processes started by other tools:
        // an inherited variable is the one channel that reaches them all.
        Environment.SetEnvironmentVariable("EDIT_DISTANCE_PYTHON", Python);
    }

    Target Clean => _ => _
        .Description("Deletes artifacts/, bin/ and obj/ under dotnet/, tests/ and bench/, and Cargo's target directories.")
        .Before(CompileRust, CompileRustBench, Bindings, Compile, Fuzz)
        .Executes(async () =>
        {
            ArtifactsDirectory.DeleteDirectory();
            foreach (var tree in new[] { DotnetDirectory, RootDirectory / "tests", RootDirectory / "bench" })
            {
                DeleteBuildOutputs(tree);
            }

            await RunProcessAsync("cargo", ["clean"], RustDirectory);
            // The generator and fuzz crates are outside the workspace, so `cargo clean` above does not reach their target/.
            (BindgenDirectory / "target").DeleteDirectory();
            (FuzzCrateDirectory / "target").DeleteDirectory();
        });

    /// <summary>Whether an executable of that name is in a directory on PATH.</summary>
    static bool IsOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));

    static void DeleteBuildOutputs(AbsolutePath tree)
    {
        if (!tree.DirectoryExists())
        {
            return;
        }

        var outputs = Directory.EnumerateDirectories(tree, "*", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(d) is "bin" or "obj")
            .ToList();
        foreach (var directory in outputs.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The .NET build configurations, parsed case-insensitively from <c>--configuration</c>.</summary>
enum Configuration
{
    Debug,
    Release,
}
