using System.Runtime.InteropServices;
using Nuke.Common;
using Nuke.Common.IO;

partial class Build
{
    AbsolutePath RustDirectory => RootDirectory / "rust";
    AbsolutePath BindgenDirectory => RustDirectory / "bindgen";
    AbsolutePath NativeMethodsFile => DotnetDirectory / "EditDistance.Rust" / "NativeMethods.g.cs";
    AbsolutePath BoundaryNativeMethodsFile => RootDirectory / "bench" / "EditDistance.Boundary" / "BoundaryNativeMethods.g.cs";

    /// <summary>Cargo's target directory for the library with the `bench` feature, apart from the shipped one's.</summary>
    AbsolutePath RustBenchTargetDirectory => RustDirectory / "target" / "bench";

    /// <summary>This machine's runtime identifier, as NuGet's runtimes/ folders and `dotnet publish -r` name it.</summary>
    static string HostRuntimeIdentifier =>
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    /// <summary>The files cargo writes for the edit_distance cdylib and staticlib on this operating system.</summary>
    static string SharedLibraryFileName =>
        OperatingSystem.IsWindows() ? "edit_distance.dll" : OperatingSystem.IsMacOS() ? "libedit_distance.dylib" : "libedit_distance.so";

    static string StaticLibraryFileName => OperatingSystem.IsWindows() ? "edit_distance.lib" : "libedit_distance.a";

    Target CompileRust => _ => _
        .Description("Builds the Rust library in release mode (rust/target/release), which EditDistance.Rust ships.")
        .Executes(async () => { await RunProcessAsync("cargo", ["build", "--release"], RustDirectory); });

    // A target directory of its own: in rust/target/release, the two builds of the one library would replace each
    // other, and whichever ran last would be what the tests, or the benchmarks, load.
    Target CompileRustBench => _ => _
        .Description("Builds the Rust library with the `bench` feature (empty calls, allocation counter) into rust/target/bench/release, for the bench app only.")
        .Executes(async () =>
        {
            await RunProcessAsync(
                "cargo", ["build", "--release", "-p", "edit_distance", "--features", "bench", "--target-dir", RustBenchTargetDirectory], RustDirectory);
        });

    Target Bindings => _ => _
        .Description("Regenerates dotnet/EditDistance.Rust/NativeMethods.g.cs and bench/EditDistance.Boundary/BoundaryNativeMethods.g.cs with csbindgen (needs crates.io).")
        .Executes(async () =>
        {
            var result = await RunProcessAsync("cargo", ["run", "--manifest-path", BindgenDirectory / "Cargo.toml"], validateExitCode: false);
            if (result.ExitCode == 0)
            {
                return;
            }

            if (CouldNotFetchCrates(result.Output))
            {
                throw new BuildFailedException(
                    "cargo could not fetch csbindgen from crates.io (the registry is unreachable from this machine). "
                    + $"The committed {RootDirectory.GetRelativePathTo(NativeMethodsFile)} and {RootDirectory.GetRelativePathTo(BoundaryNativeMethodsFile)} "
                    + "stay authoritative: the bindings consistency test checks them against the Rust exports offline, and CI regenerates "
                    + "them with `./build.sh Bindings` on a machine that reaches crates.io and fails if they differ.");
            }

            throw new BuildFailedException($"'{result.CommandLine}' exited with code {result.ExitCode}.");
        });

    // Cargo words a registry it cannot reach in several ways depending on the version, the protocol (sparse or git)
    // and where the failure happens; these are the phrases of the current ones.
    static bool CouldNotFetchCrates(string cargoOutput) =>
        new[]
        {
            "failed to query replaced source registry",
            "Unable to update registry",
            "failed to get `",
            "failed to download",
            "failed to load source for dependency",
            "spurious network error",
            "Could not resolve host",
            "Couldn't resolve host",
            "download of config.json failed",
            "failed to fetch",
        }.Any(phrase => cargoOutput.Contains(phrase, StringComparison.OrdinalIgnoreCase));
}
