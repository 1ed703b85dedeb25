using System.ComponentModel;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace EditDistance.Python;

/// <summary>
/// Finds out, before anything touches Python in this process, which shared libpython and home the chosen
/// interpreter has: it runs the interpreter once and asks it.
/// </summary>
internal static class PythonInterpreterProbe
{
    // Asking the interpreter itself is the only reliable way to find its libpython: names and folders differ
    // between distributions, pyenv, venvs, Windows and macOS frameworks. Kept to syntax any Python 3 can parse,
    // so that an old interpreter reaches the version check instead of failing with a SyntaxError.
    private const string Script = """
        import json, sys, sysconfig
        var = sysconfig.get_config_var
        print(json.dumps({
            "version": ".".join(str(part) for part in sys.version_info[:3]),
            "executable": sys.executable,
            "base_prefix": getattr(sys, "base_prefix", sys.prefix),
            "libdir": var("LIBDIR"), "libpl": var("LIBPL"),
            "ldlibrary": var("LDLIBRARY"), "instsoname": var("INSTSONAME"),
            "framework_prefix": var("PYTHONFRAMEWORKPREFIX"),
            "path": [entry for entry in sys.path if entry],
        }))
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>What the interpreter reported about itself.</summary>
    internal sealed record Facts(
        string Version, string Executable, string BasePrefix, string? LibDir, string? LibPl, string? LdLibrary,
        string? InstSoName, string? FrameworkPrefix, string[] Path);

    /// <summary>
    /// Runs <paramref name="executable"/>, checks that it is recent enough and finds its shared libpython.
    /// </summary>
    /// <exception cref="PythonUnavailableException">The interpreter cannot be run, is too old or cannot be embedded; the message says how to fix it.</exception>
    internal static (Facts Facts, string Library) Discover(string executable)
    {
        var facts = Probe(executable);

        if (!Version.TryParse(facts.Version, out var version) || version < PythonRuntime.MinimumVersion)
        {
            throw new PythonUnavailableException(
                $"The Python interpreter '{executable}' ({facts.Executable}) is version {facts.Version}; edit_distance needs " +
                $"{PythonRuntime.MinimumVersion} or newer. Set {PythonRuntime.InterpreterVariable} to a newer interpreter.");
        }

        var library = FindSharedLibrary(facts, out var searched) ?? throw new PythonUnavailableException(
            $"The Python interpreter '{executable}' ({facts.Executable}, {facts.Version}) has no shared libpython " +
            $"({(searched.Count > 0 ? $"looked for: {string.Join(", ", searched)}" : $"sysconfig names only the static {facts.LdLibrary}")}), " +
            "so it cannot be embedded. Rebuild it with --enable-shared " +
            $"(pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install {facts.Version}), " +
            $"or set {PythonRuntime.InterpreterVariable} to another interpreter.");

        return (facts, library);
    }

    private static Facts Probe(string executable)
    {
        BufferedCommandResult result;
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            // Task.Run: block on the process without capturing a caller's synchronization context (a UI thread or
            // a test runner's), which could otherwise deadlock the wait inside PythonRuntime's initialization lock.
            result = Task.Run(() => Cli.Wrap(executable)
                    .WithArguments(["-c", Script])
                    .WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync(timeout.Token)
                    .Task)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or OperationCanceledException)
        {
            throw new PythonUnavailableException(
                $"The Python interpreter '{executable}' could not be run ({e.Message}). Install Python " +
                $"{PythonRuntime.MinimumVersion} or newer built with a shared libpython, or set {PythonRuntime.InterpreterVariable} to one.", e);
        }

        if (result.ExitCode != 0)
        {
            throw new PythonUnavailableException(
                $"The Python interpreter '{executable}' failed to describe itself (exit code {result.ExitCode}): " +
                $"{result.StandardError.Trim()}. Set {PythonRuntime.InterpreterVariable} to a working Python {PythonRuntime.MinimumVersion}+ interpreter.");
        }

        try
        {
            using var json = JsonDocument.Parse(result.StandardOutput);
            var root = json.RootElement;
            string? Text(string name) => root.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
            return new Facts(
                Text("version") ?? "unknown", Text("executable") ?? executable, Text("base_prefix") ?? "",
                Text("libdir"), Text("libpl"), Text("ldlibrary"), Text("instsoname"), Text("framework_prefix"),
                [.. root.GetProperty("path").EnumerateArray().Select(entry => entry.GetString() ?? "")]);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new PythonUnavailableException(
                $"The Python interpreter '{executable}' answered the probe with unexpected output: {result.StandardOutput.Trim()}", e);
        }
    }

    private static string? FindSharedLibrary(Facts facts, out List<string> searched)
    {
        searched = [];
        if (OperatingSystem.IsWindows())
        {
            // pythonXY.dll sits next to the base installation's python.exe and is not copied into venvs.
            var version = Version.Parse(facts.Version);
            searched.Add(Path.Combine(facts.BasePrefix, $"python{version.Major}{version.Minor}.dll"));
        }
        else
        {
            // Debian's /usr/bin/python3.11 links Python statically (LDLIBRARY is the .a) but ships the shared
            // library under INSTSONAME; a .a can never be loaded, so it is skipped.
            string?[] names = [facts.LdLibrary, facts.InstSoName];
            string?[] folders = [facts.LibDir, facts.LibPl, Path.Combine(facts.BasePrefix, "lib")];
            foreach (var folder in folders)
            {
                foreach (var name in names)
                {
                    if (!string.IsNullOrEmpty(folder) && !string.IsNullOrEmpty(name) && !name.EndsWith(".a", StringComparison.Ordinal))
                    {
                        searched.Add(Path.Combine(folder, name));
                    }
                }
            }

            // macOS framework builds: LDLIBRARY is "Python.framework/Versions/X.Y/Python", relative to this prefix.
            if (!string.IsNullOrEmpty(facts.FrameworkPrefix) && !string.IsNullOrEmpty(facts.LdLibrary))
            {
                searched.Add(Path.Combine(facts.FrameworkPrefix, facts.LdLibrary));
            }
        }

        searched = [.. searched.Distinct()];
        return searched.FirstOrDefault(File.Exists);
    }
}
