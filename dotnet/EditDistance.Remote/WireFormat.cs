namespace EditDistance.Remote;

/// <summary>How a connection to <c>edit-distance-server</c> encodes its messages (rust/server/README.md).</summary>
/// <remarks>
/// The server's third format, binary frames with UTF-8 strings, is left out here: a .NET string is UTF-16, so for a C#
/// caller UTF-8 would only add a transcoding on both sides, and a lone surrogate could not cross it to be reported.
/// </remarks>
public enum WireFormat
{
    /// <summary>Length-prefixed binary frames, strings as UTF-16LE copied straight from the .NET string.</summary>
    Binary,

    /// <summary>JSON lines: one UTF-8 JSON object per request and per reply.</summary>
    Json,
}
