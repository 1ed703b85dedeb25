using Python.Runtime;

namespace EditDistance.Python;

/// <summary>
/// Measures the bare C# → Python crossing by calling <c>edit_distance.boundary.noop</c>, which does no work.
/// </summary>
/// <remarks>
/// <see cref="NoopPreconverted"/> isolates GIL + call + result conversion; <see cref="NoopConverting"/> adds the
/// conversion of two .NET strings, which is what every <see cref="PythonEditDistance.Distance(string, string)"/> pays.
/// </remarks>
public sealed class PythonBoundary : IDisposable
{
    private readonly PyObject noop;
    private PyTuple? arguments;

    /// <summary>Converts <paramref name="a"/> and <paramref name="b"/> to Python once.</summary>
    public PythonBoundary(string a, string b)
    {
        Arguments.ThrowIfInvalid(a);
        Arguments.ThrowIfInvalid(b);
        (noop, arguments) = PythonRuntime.Run((a, b), static s =>
        {
            using var a = new PyString(s.a);
            using var b = new PyString(s.b);
            return (PythonRuntime.BoundaryModule.GetAttr("noop"), new PyTuple([a, b]));
        });
    }

    /// <summary>Calls <c>noop</c> with the arguments converted in the constructor; the GIL is taken per call.</summary>
    public int NoopPreconverted()
    {
        var converted = arguments ?? throw new ObjectDisposedException(nameof(PythonBoundary));
        return PythonRuntime.Run((noop, converted), static s =>
        {
            using var result = s.noop.Invoke(s.converted);
            return result.As<int>();
        });
    }

    /// <summary>Calls <c>noop</c>, converting <paramref name="a"/> and <paramref name="b"/> on every call.</summary>
    /// <remarks>No C# check of the strings, to time the conversion alone; a lone surrogate still ends as an <see cref="ArgumentException"/>.</remarks>
    public int NoopConverting(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ObjectDisposedException.ThrowIf(arguments is null, this);
        return PythonRuntime.Run((noop, a, b), static s =>
        {
            using var a = new PyString(s.a);
            using var b = new PyString(s.b);
            using var result = s.noop.Invoke(a, b);
            return result.As<int>();
        });
    }

    /// <summary>Releases the converted arguments and the function under the GIL.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref arguments, null) is { } converted)
        {
            PythonRuntime.Release(converted, noop);
        }
    }
}
