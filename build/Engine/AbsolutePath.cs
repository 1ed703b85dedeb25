namespace Nuke.Common.IO;

// Nuke.Common.IO as Nuke.Utilities 10.1.0 declares it, reduced to what build/ uses: every public member here has the
// signature Nuke's has (tests/Build.Engine.Tests checks it against a recorded list), so build/ compiles unchanged on
// Nuke.Common.

/// <summary>
/// A normalized absolute path with Nuke's <c>/</c> operator (<c>RootDirectory / "rust" / "target"</c>).
/// </summary>
public class AbsolutePath
{
    private readonly string _path;

    private AbsolutePath(string path) => _path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    // Windows paths compare without case, as the file system does; Nuke compares them the same way.
    private StringComparison Comparison =>
        Path.GetPathRoot(_path) is { Length: >= 2 } root && root[1] == ':' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Creates a path from a rooted one (a relative path is resolved against the current directory).</summary>
    public static AbsolutePath Create(string path) => new(path);

    /// <summary>Lets an <see cref="AbsolutePath"/> go wherever a string path is expected.</summary>
    public static implicit operator string(AbsolutePath path) => path?._path!;

    /// <summary>The name of the file or directory.</summary>
    public string Name => Path.GetFileName(_path);

    /// <summary>The containing directory, or null at a file-system root.</summary>
    public AbsolutePath? Parent => Path.GetDirectoryName(_path) is { } parent ? new AbsolutePath(parent) : null;

    /// <summary>Appends a relative path (which may itself contain separators or <c>..</c>).</summary>
    public static AbsolutePath operator /(AbsolutePath left, string right) => new(Path.Combine(left._path, right ?? ""));

    /// <summary>Whether both are the same path (or both null).</summary>
    public static bool operator ==(AbsolutePath a, AbsolutePath b) => Equals(a, b);

    /// <summary>Whether the paths differ.</summary>
    public static bool operator !=(AbsolutePath a, AbsolutePath b) => !Equals(a, b);

    /// <inheritdoc />
    public override bool Equals(object? obj) =>
        obj is AbsolutePath other && other.GetType() == GetType() && string.Equals(_path, other._path, Comparison);

    /// <inheritdoc />
    public override int GetHashCode() => _path.GetHashCode(Comparison);

    /// <inheritdoc />
    public override string ToString() => _path;
}

/// <summary>A path relative to another, as <see cref="PathConstruction.GetRelativePathTo"/> returns it.</summary>
public class RelativePath
{
    private readonly string _path;

    private RelativePath(string path) => _path = path;

    internal static RelativePath Between(string basePath, string destinationPath) => new(Path.GetRelativePath(basePath, destinationPath));

    /// <summary>Lets a <see cref="RelativePath"/> go wherever a string path is expected.</summary>
    public static implicit operator string(RelativePath path) => path?._path!;

    /// <inheritdoc />
    public override string ToString() => _path;
}

/// <summary>Relative paths, as Nuke's <c>PathConstruction</c> builds them.</summary>
public static class PathConstruction
{
    /// <summary>The path of <paramref name="destinationPath"/> relative to <paramref name="basePath"/>, for messages.</summary>
    public static RelativePath GetRelativePathTo(this AbsolutePath basePath, string destinationPath) =>
        RelativePath.Between(basePath, destinationPath);
}

/// <summary>File-system operations on an <see cref="AbsolutePath"/>, as Nuke's extension methods of that name.</summary>
public static class AbsolutePathExtensions
{
    /// <summary>Creates the directory (and its parents) if missing.</summary>
    public static AbsolutePath CreateDirectory(this AbsolutePath path)
    {
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes the directory and everything in it, if it exists, read-only files included.</summary>
    public static void DeleteDirectory(this AbsolutePath path)
    {
        if (!path.DirectoryExists())
        {
            return;
        }

        // Directory.Delete refuses read-only files on Windows, and git marks its object files read-only.
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(path, recursive: true);
    }

    /// <summary>Whether a directory exists at this path.</summary>
    public static bool DirectoryExists(this AbsolutePath path) => Directory.Exists(path);

    /// <summary>Whether a file exists at this path.</summary>
    public static bool FileExists(this AbsolutePath path) => File.Exists(path);

    /// <summary>
    /// Files matching <paramref name="pattern"/> in this directory and, down to <paramref name="depth"/> levels, in
    /// its subdirectories (1: this directory only), each directory's files sorted by name.
    /// </summary>
    public static IEnumerable<AbsolutePath> GetFiles(this AbsolutePath path, string pattern = "*", int depth = 1, FileAttributes attributes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        if (depth == 0)
        {
            return [];
        }

        var files = Directory.EnumerateFiles(path, pattern, SearchOption.TopDirectoryOnly)
            .Where(file => (File.GetAttributes(file) & attributes) == attributes)
            .Order(StringComparer.Ordinal)
            .Select(AbsolutePath.Create);
        var below = Directory.EnumerateDirectories(path, "*", SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal)
            .SelectMany(directory => AbsolutePath.Create(directory).GetFiles(pattern, depth - 1, attributes));
        return files.Concat(below);
    }
}
