namespace EditDistance.Remote;

/// <summary>The arguments an error reply can name (rust/server/README.md: the C ABI's <c>EdArgument</c>, then the service's).</summary>
internal enum WireArgument : byte
{
    None = 0,
    A = 1,
    B = 2,
    Query = 3,
    Corpus = 4,
    Strategy = 5,
    Threads = 6,
    K = 9,
    MaxDistance = 10,
    Pairs = 11,
    Request = 12,
}

/// <summary>An error reply, as both wire formats carry it.</summary>
/// <param name="Status">The status number (<see cref="RemoteStatus"/>, or one this client does not know).</param>
/// <param name="Argument">The argument at fault.</param>
/// <param name="Item">The corpus entry or batch pair at fault, if any.</param>
/// <param name="Position">For a lone surrogate, its index in UTF-16 code units.</param>
/// <param name="Message">The server's own words.</param>
internal readonly record struct ServerError(RemoteStatus Status, WireArgument Argument, uint? Item, ulong Position, string Message)
{
    /// <summary>
    /// The exception a caller sees: the contract's for a mistake in the arguments, worded as every other
    /// implementation words it (<see cref="Arguments"/>), <see cref="RemoteException"/> for a failure of the service.
    /// </summary>
    public Exception ToException()
    {
        if (Status == RemoteStatus.InvalidUtf16 && Position <= int.MaxValue && Item is null or <= int.MaxValue)
        {
            var position = (int)Position;
            var item = (int?)Item;
            switch (Argument)
            {
                case WireArgument.A or WireArgument.B when item is { } pair:
                    return RemoteArguments.LoneSurrogateInPair(pair, Argument == WireArgument.A ? "A" : "B", position);
                case WireArgument.Pairs when item is { } pair:
                    return RemoteArguments.LoneSurrogateInPair(pair, null, position);
                case WireArgument.A or WireArgument.B or WireArgument.Query:
                    return Arguments.LoneSurrogate(ParameterName(Argument), position);
                case WireArgument.Corpus:
                    return Arguments.LoneSurrogate("corpus", position, item);
            }
        }

        if (Status == RemoteStatus.InvalidArgument && Argument == WireArgument.Threads)
        {
            return new ArgumentOutOfRangeException("threads", "Must be at least 1.");
        }

        // The client checks everything else before sending, so any other error is the service's: a bug on one side,
        // a server shutting down, a panic caught there, memory. Say what the server said, and about what.
        var about = Argument == WireArgument.None ? "" : $" (argument '{ParameterName(Argument)}'{(Item is { } i ? $", item {i}" : "")})";
        var name = Enum.IsDefined(Status) ? WireNames.Of(Status) : $"status {(int)Status}";
        return new RemoteException(Status, $"The edit-distance server replied {name}{about}: {Message}");
    }

    /// <summary>The C# parameter name for a wire argument: the names <see cref="IEditDistance"/> uses.</summary>
    internal static string ParameterName(WireArgument argument) => argument switch
    {
        WireArgument.A => "a",
        WireArgument.B => "b",
        WireArgument.Query => "query",
        WireArgument.Corpus => "corpus",
        WireArgument.Strategy => "strategy",
        WireArgument.Threads => "threads",
        WireArgument.K => "k",
        WireArgument.MaxDistance => "maxDistance",
        WireArgument.Pairs => "pairs",
        WireArgument.Request => "request",
        _ => $"argument {(int)argument}",
    };
}

/// <summary>The errors of <see cref="RemoteEditDistance.DistanceBatch"/>, which the contract (<see cref="Arguments"/>) has no words for.</summary>
internal static class RemoteArguments
{
    public static ArgumentNullException NullInPair(int pair, string element) =>
        new("pairs", $"String {element} of pair {pair} is null.");

    /// <param name="pair">The pair's index in the batch.</param>
    /// <param name="element">"A" or "B"; <see langword="null"/> when the server did not say which.</param>
    /// <param name="position">Index of the lone surrogate, in UTF-16 code units.</param>
    public static ArgumentException LoneSurrogateInPair(int pair, string? element, int position) =>
        new(
            element is null
                ? $"Pair {pair} is not valid UTF-16: lone surrogate at index {position}."
                : $"String {element} of pair {pair} is not valid UTF-16: lone surrogate at index {position}.",
            "pairs");
}
