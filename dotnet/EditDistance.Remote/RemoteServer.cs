using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EditDistance.Remote;

/// <summary>
/// An <c>edit-distance-server</c> process started by this one: on a Unix domain socket in a private temporary
/// directory (loopback TCP on Windows, where the server's standard library has no Unix sockets), stopped and cleaned
/// up by <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// <see cref="Start"/> returns once the server has printed its "listening" line, so it accepts connections at once.
/// To use a server that is already running, pass its address to <see cref="RemoteEditDistance"/> instead:
/// <c>new RemoteEditDistance(strategy, RemoteServer.ParseEndPoint("unix:/run/ed.sock"))</c>. Dispose the server: a
/// process that exits without doing so leaves the child running (it does not watch its parent).
/// </remarks>
public sealed class RemoteServer : IDisposable
{
    /// <summary>Names the server executable to start, ahead of the places <see cref="FindServer()"/> looks at.</summary>
    public const string ServerVariable = "EDIT_DISTANCE_SERVER";

    private const string ListeningPrefix = "listening ";

    /// <summary>How much of the server's standard error is kept for messages (the end of it).</summary>
    private const int StandardErrorKept = 16 * 1024;

    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder standardError;
    private int disposed;

    private RemoteServer(Process process, string directory, StringBuilder standardError, string path, string address)
    {
        this.process = process;
        this.directory = directory;
        this.standardError = standardError;
        ServerPath = path;
        Address = address;
        EndPoint = ParseEndPoint(address);
        ProcessId = process.Id;
    }

    /// <summary>The file cargo writes for the server on this operating system.</summary>
    public static string ServerFileName => OperatingSystem.IsWindows() ? "edit-distance-server.exe" : "edit-distance-server";

    /// <summary>Where the server listens, for <see cref="RemoteEditDistance"/>.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The address as the server printed it: <c>unix:PATH</c> or <c>tcp:127.0.0.1:PORT</c>.</summary>
    public string Address { get; }

    /// <summary>The socket file, or <see langword="null"/> for TCP. Gone once <see cref="Dispose"/> returns.</summary>
    public string? SocketPath => EndPoint is UnixDomainSocketEndPoint ? Address["unix:".Length..] : null;

    /// <summary>The executable that was started.</summary>
    public string ServerPath { get; }

    /// <summary>The server's process id.</summary>
    public int ProcessId { get; }

    /// <summary>
    /// The server's exit code once <see cref="Dispose"/> has stopped it: 0 after a graceful shutdown; otherwise what
    /// the system reports for a killed process. <see langword="null"/> before.
    /// </summary>
    public int? ExitCode { get; private set; }

    /// <summary>What the server has written to standard error so far (its end, when it wrote a lot).</summary>
    public string StandardError
    {
        get
        {
            lock (standardError)
            {
                return standardError.ToString();
            }
        }
    }

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    /// <param name="serverPath">The executable; by default the one <see cref="FindServer()"/> finds.</param>
    /// <param name="tcp">Listen on loopback TCP (a free port) instead of a Unix domain socket; always so on Windows.</param>
    /// <param name="startTimeout">How long to wait for the "listening" line; 30 seconds by default.</param>
    /// <param name="arguments">More of the server's options, such as <c>--max-frame</c> or <c>--max-connections</c>.</param>
    /// <exception cref="FileNotFoundException">No server executable was found; the message names every place looked at.</exception>
    /// <exception cref="RemoteException">
    /// The server could not be started, exited before listening (the message holds its standard error), or did not
    /// report listening in time (it is killed then).
    /// </exception>
    public static RemoteServer Start(string? serverPath = null, bool tcp = false, TimeSpan? startTimeout = null, IEnumerable<string>? arguments = null)
    {
        var path = serverPath ?? FindServer();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The edit-distance server '{path}' does not exist.", path);
        }

        // Private (mode 0700 on Unix), so that no other user can reach the socket or replace it before the server binds it.
        var directory = Directory.CreateTempSubdirectory("edit-distance-server-").FullName;
        var info = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        if (tcp || OperatingSystem.IsWindows())
        {
            info.ArgumentList.Add("--tcp");
            info.ArgumentList.Add("127.0.0.1:0");
        }
        else
        {
            info.ArgumentList.Add("--socket");
            info.ArgumentList.Add(Path.Combine(directory, "server.sock"));
        }

        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        var standardError = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, line) => Append(standardError, line.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            DeleteDirectory(directory);
            throw new RemoteException($"Could not start the edit-distance server '{path}': {e.Message}", e);
        }

        try
        {
            process.BeginErrorReadLine();
            var address = WaitUntilListening(process, path, startTimeout ?? TimeSpan.FromSeconds(30), standardError);
            return new RemoteServer(process, directory, standardError, path, address);
        }
        catch
        {
            Stop(process, TimeSpan.Zero);
            process.Dispose();
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>
    /// The server executable: the file (or folder holding it) named by <see cref="ServerVariable"/>, else next to the
    /// application (<see cref="AppContext.BaseDirectory"/>, where the build copies it), else in the
    /// <c>rust/target/release</c> folder of a repository holding the application.
    /// </summary>
    /// <exception cref="FileNotFoundException">Found nowhere; the message names every place looked at.</exception>
    public static string FindServer() => FindServer(Environment.GetEnvironmentVariable(ServerVariable), AppContext.BaseDirectory);

    /// <summary>The address of a running server, as its "listening" line prints it: <c>unix:PATH</c> or <c>tcp:HOST:PORT</c>.</summary>
    /// <exception cref="FormatException">Neither form.</exception>
    public static EndPoint ParseEndPoint(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.StartsWith("unix:", StringComparison.Ordinal) && address.Length > "unix:".Length)
        {
            return new UnixDomainSocketEndPoint(address["unix:".Length..]);
        }

        if (address.StartsWith("tcp:", StringComparison.Ordinal) && IPEndPoint.TryParse(address["tcp:".Length..], out var ip) && ip.Port != 0)
        {
            return ip;
        }

        throw new FormatException($"'{address}' is not a server address: expected unix:PATH or tcp:HOST:PORT.");
    }

    /// <summary>
    /// Asks the server to shut down, waits up to 10 seconds for it to exit, kills it if it has not, and deletes its
    /// directory (the socket file with it). Calls in flight on other connections are answered or fail with
    /// <see cref="RemoteException"/>; none is left waiting.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                RequestShutdown(TimeSpan.FromSeconds(5));
                Stop(process, TimeSpan.FromSeconds(10));
            }

            ExitCode = process.ExitCode;
        }
        finally
        {
            process.Dispose();
            DeleteDirectory(directory);
        }
    }

    internal static string FindServer(string? variable, string baseDirectory)
    {
        var tried = new List<string>();
        if (!string.IsNullOrWhiteSpace(variable))
        {
            var named = Directory.Exists(variable) ? Path.Combine(variable, ServerFileName) : variable;
            if (File.Exists(named))
            {
                return named;
            }

            tried.Add($"{named} ({ServerVariable})");
        }

        var beside = Path.Combine(baseDirectory, ServerFileName);
        if (File.Exists(beside))
        {
            return beside;
        }

        tried.Add(beside);
        for (var folder = new DirectoryInfo(baseDirectory); folder is not null; folder = folder.Parent)
        {
            var built = Path.Combine(folder.FullName, "rust", "target", "release", ServerFileName);
            if (File.Exists(built))
            {
                return built;
            }
        }

        tried.Add($"rust/target/release/{ServerFileName} in every folder above {baseDirectory}");
        throw new FileNotFoundException(
            $"The edit-distance server '{ServerFileName}' was not found (looked at: {string.Join("; ", tried)}). Run " +
            $"`./build.sh CompileRust` to build it into rust/target/release/ and rebuild the .NET project so it is copied " +
            $"next to the assembly, or set {ServerVariable} to the file.",
            ServerFileName);
    }

    private static string WaitUntilListening(Process process, string path, TimeSpan timeout, StringBuilder standardError)
    {
        var read = process.StandardOutput.ReadLineAsync();
        if (!read.Wait(timeout))
        {
            throw new RemoteException(
                $"The edit-distance server '{path}' did not report listening within {timeout.TotalSeconds} s; it was killed. " +
                $"Its standard error: {Tail(standardError)}");
        }

        var line = read.Result;
        if (line is null)
        {
            // Waiting without a timeout after a successful timed wait lets the standard error reader finish.
            if (process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.WaitForExit();
            }

            var code = process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown";
            throw new RemoteException(
                $"The edit-distance server '{path}' exited with code {code} before listening. Its standard error: {Tail(standardError)}");
        }

        if (!line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
        {
            throw new RemoteException($"The edit-distance server '{path}' printed '{line}' where 'listening ADDRESS' was expected.");
        }

        // The server prints nothing more, but a pipe nobody reads would block it if it did.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        return line[ListeningPrefix.Length..];
    }

    private void RequestShutdown(TimeSpan timeout)
    {
        try
        {
            using var connection = Connection.Open(EndPoint, WireFormat.Binary, timeout);
            connection.Codec.WriteShutdown();
            connection.Codec.ReadEmpty(connection.RoundTrip());
        }
        catch (RemoteException)
        {
            // Exiting already, or hung: the wait and the kill in Stop deal with both.
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit, then kills it.</summary>
    private static void Stop(Process process, TimeSpan timeout)
    {
        try
        {
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Not started, or gone already.
        }
    }

    private static void Append(StringBuilder standardError, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (standardError)
        {
            standardError.AppendLine(line);
            if (standardError.Length > StandardErrorKept)
            {
                standardError.Remove(0, standardError.Length - StandardErrorKept);
            }
        }
    }

    private static string Tail(StringBuilder standardError)
    {
        lock (standardError)
        {
            return standardError.Length == 0 ? "(empty)" : standardError.ToString().TrimEnd();
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary directory the system cleans eventually; failing Dispose over it would hide the real outcome.
        }
    }
}
