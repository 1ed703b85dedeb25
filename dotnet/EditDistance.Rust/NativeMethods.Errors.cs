namespace EditDistance.Rust;

internal static unsafe partial class NativeMethods
{
    /// <summary>Marker in <see cref="EdErrorInfo.item"/> for an error that is not about a corpus entry.</summary>
    private static readonly nuint NoItem = nuint.MaxValue;

    /// <summary><c>max_distance</c> meaning "no bound" (Rust's <c>ED_NO_BOUND</c>).</summary>
    internal const uint NoBound = uint.MaxValue;

    /// <summary>Throws the contract's exception for a failed call, worded exactly as the C# implementation words it.</summary>
    internal static void ThrowIfFailed(EdStatus status, in EdErrorInfo error)
    {
        if (status != EdStatus.Ok)
        {
            throw ToException(status, error);
        }
    }

    internal static Exception ToException(EdStatus status, in EdErrorInfo error)
    {
        var argument = ArgumentName(error.argument);
        return status switch
        {
            EdStatus.InvalidUtf16 => Arguments.LoneSurrogate(
                argument, checked((int)error.position), error.item == NoItem ? null : checked((int)error.item)),
            EdStatus.NullArgument when error.argument != EdArgument.Output => new ArgumentNullException(argument),
            EdStatus.InvalidArgument when error.argument == EdArgument.Threads =>
                new ArgumentOutOfRangeException(argument, "Must be at least 1."),
            // The wrappers check everything else before the call, so these mean a bug on one side of the
            // boundary; say which call failed how, rather than guessing at an argument.
            EdStatus.Panic => new InvalidOperationException(
                "The native edit_distance library panicked; the panic was caught at the boundary and the process is intact."),
            EdStatus.OutOfMemory => new OutOfMemoryException(
                "The native edit_distance library could not allocate the buffers this input needs (they grow with its " +
                "length); nothing was computed, the library is intact, and shorter input or more free memory will do."),
            _ => new InvalidOperationException($"The native edit_distance library returned {status} for '{argument}'."),
        };
    }

    /// <summary>The C# parameter name for an argument: the names <see cref="IEditDistance"/> uses.</summary>
    private static string ArgumentName(EdArgument argument) => argument switch
    {
        EdArgument.A => "a",
        EdArgument.B => "b",
        EdArgument.Query => "query",
        EdArgument.Corpus => "corpus",
        EdArgument.Strategy => "strategy",
        EdArgument.Threads => "threads",
        EdArgument.Output => "output",
        EdArgument.OnMatch => "onMatch",
        _ => "unknown",
    };
}
