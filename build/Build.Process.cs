using Nuke.Common.IO;
using Spectre.Console;

partial class Build
{
    static Build()
    {
        if (Console.IsOutputRedirected)
        {
            // Piped into a CI log, Spectre assumes 80 columns and would wrap every longer command line it echoes.
            AnsiConsole.Profile.Width = 160;
        }
    }

    /// <summary>
    /// The console's writer: text written here appears verbatim (no markup, colour or wrapping), for lines that other
    /// tools parse, such as the per-suite counts CI reads. Standard output under either engine.
    /// </summary>
    static TextWriter Out => AnsiConsole.Console.Profile.Out.Writer;

    /// <summary>Runs a process (see <see cref="ProcessRunner.RunAsync"/>), from <see cref="NukeBuild.RootDirectory"/>
    /// unless told otherwise.</summary>
    static Task<ProcessResult> RunProcessAsync(
        string tool,
        IEnumerable<string> arguments,
        AbsolutePath? workingDirectory = null,
        bool validateExitCode = true,
        Action<string>? logger = null) =>
        ProcessRunner.RunAsync(AnsiConsole.Console, tool, arguments, workingDirectory ?? RootDirectory, validateExitCode, logger);
}
