namespace EditDistance.Python;

/// <summary>Python raised an exception other than ValueError/TypeError while serving a call.</summary>
/// <remarks>Also the inner exception of the <see cref="ArgumentException"/> a ValueError/TypeError becomes.</remarks>
public sealed class PythonCallException : Exception
{
    /// <summary>Creates the exception from what Python reported.</summary>
    /// <param name="pythonType">The Python exception type's name, e.g. "RuntimeError".</param>
    /// <param name="pythonMessage">The Python exception's message (<c>str(exception)</c>).</param>
    /// <param name="pythonTraceback">The formatted Python traceback.</param>
    public PythonCallException(string pythonType, string pythonMessage, string pythonTraceback)
        : base($"Python raised {pythonType}: {pythonMessage}")
    {
        PythonType = pythonType;
        PythonMessage = pythonMessage;
        PythonTraceback = pythonTraceback;
    }

    /// <summary>The Python exception type's name, e.g. "RuntimeError".</summary>
    public string PythonType { get; }

    /// <summary>The Python exception's message.</summary>
    public string PythonMessage { get; }

    /// <summary>The formatted Python traceback, innermost call last.</summary>
    public string PythonTraceback { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{base.ToString()}{Environment.NewLine}--- Python traceback ---{Environment.NewLine}{PythonTraceback}";
}

/// <summary>
/// Python could not be started or used in this process: interpreter not found, too old, built without a shared
/// libpython, package missing, or the runtime already shut down at exit. The message says how to fix it.
/// </summary>
/// <remarks>A failed start is not retried (pythonnet cannot reload libpython): later calls throw the same message.</remarks>
public sealed class PythonUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public PythonUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
