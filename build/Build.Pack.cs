using Nuke.Common;
using Nuke.Common.IO;

partial class Build
{
    AbsolutePath PackagesDirectory => ArtifactsDirectory / "packages";

    /// <summary>
    /// One folder per runtime identifier with the native files EditDistance.Rust packs (its csproj's
    /// NativePackageDirectory): Pack puts this machine's there; CI's packaging job adds the other platforms' first.
    /// </summary>
    AbsolutePath NativePackageDirectory => ArtifactsDirectory / "native";

    /// <summary>Where the Python package is assembled with the native files beside its modules before pip builds the wheel.</summary>
    AbsolutePath PythonPackageStaging => ArtifactsDirectory / "python-package";

    static readonly string[] PackedProjects = ["EditDistance.Contract", "EditDistance.CSharp", "EditDistance.Rust"];

    Target Pack => _ => _
        .Description("Packs EditDistance.Contract, .CSharp and .Rust (with this machine's native library, and any other platform's in artifacts/native/<rid>/) and the Python wheel with the library and server bundled, into artifacts/packages.")
        .DependsOn(CompileRust)
        .Executes(async () =>
        {
            PackagesDirectory.DeleteDirectory();

            var release = RustDirectory / "target" / "release";
            var host = (NativePackageDirectory / HostRuntimeIdentifier).CreateDirectory();
            foreach (var file in new[] { SharedLibraryFileName, StaticLibraryFileName })
            {
                File.Copy(release / file, host / file, overwrite: true);
            }

            foreach (var project in PackedProjects)
            {
                await RunProcessAsync("dotnet", [
                    "pack", DotnetDirectory / project / $"{project}.csproj", "-c", "Release", "-o", PackagesDirectory, "--nologo",
                    $"-p:NativePackageDirectory={NativePackageDirectory}{Path.DirectorySeparatorChar}"]);
            }

            var platforms = Directory.EnumerateDirectories(NativePackageDirectory).Select(Path.GetFileName).Order().ToList();
            Out.WriteLine($"EditDistance.Rust carries the native library for: {string.Join(", ", platforms)}");

            // The wheel: the package's sources (not its tests) with the library and the server beside its modules,
            // where edit_distance.rust and edit_distance.remote look after their environment variables.
            PythonPackageStaging.DeleteDirectory();
            CopyDirectory(PythonDirectory, PythonPackageStaging, exclude: ["tests", "__pycache__"]);
            File.Copy(release / SharedLibraryFileName, PythonPackageStaging / "edit_distance" / SharedLibraryFileName);
            File.Copy(RustServerBinary, PythonPackageStaging / "edit_distance" / Path.GetFileName(RustServerBinary));
            await RunProcessAsync(Python, ["-m", "pip", "wheel", "--no-deps", "--no-index", "--wheel-dir", PackagesDirectory, PythonPackageStaging]);

            foreach (var package in Directory.EnumerateFiles(PackagesDirectory).Order())
            {
                Out.WriteLine($"  {RootDirectory.GetRelativePathTo(AbsolutePath.Create(package))}");
            }
        });

    static void CopyDirectory(AbsolutePath source, AbsolutePath target, string[] exclude)
    {
        target.CreateDirectory();
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, target / Path.GetFileName(file));
        }

        foreach (var directory in Directory.EnumerateDirectories(source).Where(d => !exclude.Contains(Path.GetFileName(d))))
        {
            CopyDirectory(AbsolutePath.Create(directory), target / Path.GetFileName(directory), exclude);
        }
    }
}
