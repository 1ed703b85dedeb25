using Nuke.Common;
using Nuke.Common.IO;

partial class Build
{
    AbsolutePath DotnetDirectory => RootDirectory / "dotnet";
    AbsolutePath Solution => DotnetDirectory / "EditDistance.slnx";

    // The native library is copied next to the assemblies by EditDistance.Rust.csproj from rust/target/release,
    // hence the dependency on CompileRust rather than a copy step here.
    Target Compile => _ => _
        .Description("Builds the .NET solution (libraries and test projects).")
        .DependsOn(CompileRust)
        .Executes(async () => { await RunProcessAsync("dotnet", ["build", Solution, "-c", Configuration.ToString()]); });
}
