using BuildEngine;

partial class Build
{
    AbsolutePath RustDirectory => RootDirectory / "rust";
    AbsolutePath BindgenDirectory => RustDirectory / "bindgen";
    AbsolutePath NativeMethodsFile => DotnetDirectory / "EditDistance.Rust" / "NativeMethods.g.cs";

    Target CompileRust => _ => _
        .Description("Builds the Rust library in release mode (rust/target/release), which EditDistance.Rust ships.")
        .Executes(async () => await RunProcessAsync("cargo", ["build", "--release"], RustDirectory));

    Target Bindings => _ => _
        .Description("Regenerates dotnet/EditDistance.Rust/NativeMethods.g.cs with csbindgen (needs crates.io).")
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
                    + $"The committed {RootDirectory.GetRelativePathTo(NativeMethodsFile)} stays authoritative: the bindings consistency test "
                    + "checks it against the Rust exports offline, and CI regenerates it with `./build.sh Bindings` on a machine "
                    + "that reaches crates.io and fails if it differs.");
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
