using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using CliWrap.Builders;

namespace EditDistance.Packages.Tests;

/// <summary>
/// The packages `./build.sh Pack` wrote, and a place outside the repository where a user's app restores them: its
/// own NuGet packages folder (a package of the same version packed again must not be served from a cache), the
/// local folder as a package source beside the machine's usual ones (for everything else, such as the NativeAOT
/// compiler), and none of the repository's Directory.*.props.
/// </summary>
public sealed partial class Feed : IDisposable
{
    public Feed()
    {
        RepoRoot = typeof(Feed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        Directory = Environment.GetEnvironmentVariable("EDIT_DISTANCE_PACKAGES") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(RepoRoot, "artifacts", "packages");
        var versions = System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "EditDistance.Rust.*.nupkg")
                .Select(path => RustPackageName().Match(Path.GetFileName(path)))
                .Where(match => match.Success)
                .Select(match => match.Groups["version"].Value)
                .ToList()
            : [];
        if (versions.Count != 1)
        {
            throw new InvalidOperationException(
                $"Expected one EditDistance.Rust package in {Directory}, found {versions.Count}: run `./build.sh Pack` first " +
                "(it writes the packages these tests install; EDIT_DISTANCE_PACKAGES names another folder).");
        }

        Version = versions[0];
        WorkDirectory = System.IO.Directory.CreateTempSubdirectory("edit-distance-consumer-").FullName;
        File.WriteAllText(Path.Combine(WorkDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="edit-distance-local" value="{Directory}" />
              </packageSources>
            </configuration>
            """);
    }

    public string RepoRoot { get; }

    /// <summary>The folder the packages are in.</summary>
    public string Directory { get; }

    /// <summary>The one version of the packages in <see cref="Directory"/>.</summary>
    public string Version { get; }

    /// <summary>A temporary directory outside the repository; the consumers are copied under it.</summary>
    public string WorkDirectory { get; }

    /// <summary>The runtime identifier of this machine, as the package's runtimes/ folder names it.</summary>
    public static string HostRuntimeIdentifier =>
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    /// <summary>A fresh copy of the consumer app in a directory of its own, so that no build reuses another's outputs.</summary>
    public string NewConsumer(string name)
    {
        var target = System.IO.Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "consumer")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    /// <summary>
    /// Runs <c>dotnet</c> in <paramref name="directory"/> as a user's shell would: without the MSBuild variables the
    /// test host inherits from <c>dotnet test</c> (they would point the child's build at this one's SDK state), with
    /// the feed's own packages folder.
    /// </summary>
    public async Task<BufferedCommandResult> Dotnet(string directory, params string[] arguments)
    {
        var result = await TryDotnet(directory, arguments);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }

    /// <summary>As <see cref="Dotnet"/>, for a command expected to fail: the caller reads the exit code.</summary>
    public async Task<BufferedCommandResult> TryDotnet(string directory, params string[] arguments) =>
        await Cli.Wrap("dotnet")
            .WithArguments([.. arguments, $"-p:EditDistanceVersion={Version}"])
            .WithWorkingDirectory(directory)
            .WithEnvironmentVariables(UserEnvironment)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();

    /// <summary>Runs a program the consumer built and returns its exit code and output.</summary>
    public async Task<BufferedCommandResult> Run(string program, params string[] arguments) =>
        await Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(Path.GetDirectoryName(program) ?? WorkDirectory)
            .WithEnvironmentVariables(UserEnvironment)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();

    private void UserEnvironment(EnvironmentVariablesBuilder environment)
    {
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                     .Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)))
        {
            environment.Set(name, null);
        }

        environment
            .Set("NUGET_PACKAGES", Path.Combine(WorkDirectory, "packages"))
            .Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            .Set("DOTNET_NOLOGO", "1");
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (an antivirus scan on Windows) leaves the temporary directory behind; not a failure.
        }
    }

    [GeneratedRegex(@"^EditDistance\.Rust\.(?<version>\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex RustPackageName();
}
