using Python.Runtime;

namespace EditDistance.Python;

/// <summary>Turns a <see cref="PythonException"/> into the exception a .NET caller expects.</summary>
/// <remarks>
/// The translated exceptions carry only strings, never <see cref="PyObject"/>s: a Python object inside an exception
/// could outlive the GIL scope or the interpreter itself, and releasing it later would need the GIL again.
/// </remarks>
internal static class PythonErrors
{
    /// <summary>ValueError and TypeError become <see cref="ArgumentException"/>; anything else <see cref="PythonCallException"/>.</summary>
    /// <remarks>Call with the GIL held.</remarks>
    public static Exception Translate(PythonException e)
    {
        var described = Describe(e);
        return PythonRuntime.IsValueOrTypeError(e)
            ? new ArgumentException(described.PythonMessage, described)
            : described;
    }

    /// <summary>The Python type, message and traceback as plain strings.</summary>
    /// <remarks>Call with the GIL held.</remarks>
    public static PythonCallException Describe(PythonException e)
    {
        string typeName;
        string traceback;
        try
        {
            typeName = e.Type.Name;
            traceback = e.Format();
        }
        catch (Exception formatting) when (formatting is PythonException or InvalidOperationException)
        {
            // Formatting runs Python code (the traceback module) and can fail itself, e.g. on a broken __str__.
            typeName = "unknown";
            traceback = $"(traceback unavailable: {formatting.Message})";
        }

        return new PythonCallException(typeName, e.Message, traceback);
    }
}
