namespace EditDistance.Remote;

/// <summary>
/// The service failed, not the arguments: the server could not be reached or started, the connection was lost, a
/// reply did not parse, or the server reported a failure of its own (see <see cref="Status"/>).
/// </summary>
/// <remarks>
/// An <see cref="IOException"/>, so that code that already handles I/O failures handles these. Mistakes in the
/// arguments are never reported this way: they throw the contract's exceptions (<see cref="Arguments"/>), whether
/// found by the client or by the server. The connection a failure happened on is closed and not used again; the next
/// call opens a fresh one, so a call that fails this way can be retried once the server is back.
/// </remarks>
public sealed class RemoteException : IOException
{
    /// <summary>Creates the exception for a failure that has no status from the server.</summary>
    public RemoteException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an error reply from the server.</summary>
    public RemoteException(RemoteStatus status, string message)
        : base(message) => Status = status;

    /// <summary>
    /// The status of the server's error reply; <see langword="null"/> when the failure was the client's to see (no
    /// connection, connection lost, a reply that does not parse, a server that did not start).
    /// </summary>
    public RemoteStatus? Status { get; }
}

/// <summary>The statuses of the server's error replies (rust/server/README.md, "Binary frames").</summary>
public enum RemoteStatus
{
    /// <summary>A string is not valid UTF-16 (reported to callers as the contract's <see cref="ArgumentException"/>).</summary>
    InvalidUtf16 = 2,

    /// <summary>An argument the library refused (the client checks its arguments first, so this means a bug).</summary>
    InvalidArgument = 3,

    /// <summary>The library panicked; the server caught it and serves on.</summary>
    Panic = 5,

    /// <summary>The server could not allocate what the input needs.</summary>
    OutOfMemory = 6,

    /// <summary>The server could not parse the request.</summary>
    MalformedRequest = 16,

    /// <summary>The request is larger than the server accepts (its <c>--max-frame</c>); the server closed the connection.</summary>
    FrameTooLarge = 17,

    /// <summary>The server does not know the operation.</summary>
    UnknownOperation = 18,

    /// <summary>No corpus of that id on this connection.</summary>
    UnknownCorpus = 19,

    /// <summary>A UTF-8 string is not valid UTF-8.</summary>
    InvalidUtf8 = 20,

    /// <summary>The server is shutting down and no longer takes requests.</summary>
    ShuttingDown = 21,
}
