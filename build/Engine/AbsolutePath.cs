namespace BuildEngine;

/// <summary>
/// A normalized absolute path with Nuke's <c>/</c> operator (<c>RootDirectory / "rust" / "target"</c>), so that
/// target code reads the same as with Nuke.Common.
/// </summary>
public sealed class AbsolutePath : IEquatable<AbsolutePath>
{
    private readonly string _path;

    private AbsolutePath(string path) => _path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>Creates a path; a relative path is resolved against the current directory.</summary>
    public static AbsolutePath Create(string path) => new(path);

    /// <summary>Appends a relative path segment (which may itself contain separators).</summary>
    public static AbsolutePath operator /(AbsolutePath left, string right) => new(Path.Combine(left._path, right));

    /// <summary>Lets an <see cref="AbsolutePath"/> go wherever a string path is expected.</summary>
    public static implicit operator string(AbsolutePath path) => path._path;

    /// <summary>The containing directory, or null at a file-system root.</summary>
    public AbsolutePath? Parent => Path.GetDirectoryName(_path) is { } parent ? new AbsolutePath(parent) : null;

    /// <summary>The path of <paramref name="other"/> relative to this one, for messages.</summary>
    public string GetRelativePathTo(AbsolutePath other) => Path.GetRelativePath(_path, other._path);

    /// <summary>Whether a directory exists at this path.</summary>
    public bool DirectoryExists() => Directory.Exists(_path);

    /// <summary>Creates the directory (and its parents) if missing.</summary>
    public AbsolutePath CreateDirectory()
    {
        Directory.CreateDirectory(_path);
        return this;
    }

    /// <summary>Deletes the directory and everything in it, if it exists.</summary>
    public void DeleteDirectory()
    {
        if (Directory.Exists(_path))
        {
            Directory.Delete(_path, recursive: true);
        }
    }

    /// <summary>Files under this directory matching a simple pattern (<c>*.trx</c>), searched recursively.</summary>
    public IReadOnlyList<AbsolutePath> FindFiles(string searchPattern) =>
        Directory.Exists(_path)
            ? Directory.EnumerateFiles(_path, searchPattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(Create).ToList()
            : [];

    /// <inheritdoc />
    public bool Equals(AbsolutePath? other) => other is not null && string.Equals(_path, other._path, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AbsolutePath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_path);

    /// <inheritdoc />
    public override string ToString() => _path;
}
