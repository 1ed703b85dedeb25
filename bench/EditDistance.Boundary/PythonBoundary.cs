using EditDistance.Python;
using Python.Runtime;

namespace EditDistance.Boundary;

/// <summary>
/// Measures the bare C# → Python crossing by calling <c>noop</c> from <c>noop.py</c>, which does no work.
/// </summary>
/// <remarks>
/// <c>noop.py</c> is copied next to this assembly (<c>boundary/noop.py</c>) and loaded by path, once per instance, as
/// a module of its own outside <c>sys.modules</c>: the <c>edit_distance</c> package that ships has no such function.
/// <para>
/// <see cref="NoopPreconverted"/> isolates GIL + call + result conversion; <see cref="NoopConverting"/> adds the
/// conversion of two .NET strings, which is what every <see cref="PythonEditDistance.Distance(string, string)"/> pays.
/// Disposing it while another thread calls it is safe: that call completes or throws <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public sealed class PythonBoundary : IDisposable
{
    private readonly OwnedPythonObjects<(PyObject Noop, PyTuple Arguments)> python;

    /// <summary>Converts <paramref name="a"/> and <paramref name="b"/> to Python once.</summary>
    public PythonBoundary(string a, string b)
    {
        Arguments.ThrowIfInvalid(a);
        Arguments.ThrowIfInvalid(b);
        python = new(PythonRuntime.Run((a, b), static s =>
        {
            using var a = new PyString(s.a);
            using var b = new PyString(s.b);
            return (LoadNoop(), new PyTuple([a, b]));
        }), typeof(PythonBoundary));
    }

    /// <summary>Calls <c>noop</c> with the arguments converted in the constructor; the GIL is taken per call.</summary>
    /// <exception cref="ObjectDisposedException">This instance has been disposed.</exception>
    public int NoopPreconverted() =>
        python.Run(0, static (objects, _) =>
        {
            using var result = objects.Noop.Invoke(objects.Arguments);
            return result.As<int>();
        });

    /// <summary>Calls <c>noop</c>, converting <paramref name="a"/> and <paramref name="b"/> on every call.</summary>
    /// <remarks>No C# check of the strings, to time the conversion alone; a lone surrogate still ends as an <see cref="ArgumentException"/>.</remarks>
    /// <exception cref="ObjectDisposedException">This instance has been disposed.</exception>
    public int NoopConverting(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return python.Run((a, b), static (objects, s) =>
        {
            using var a = new PyString(s.a);
            using var b = new PyString(s.b);
            using var result = objects.Noop.Invoke(a, b);
            return result.As<int>();
        });
    }

    /// <summary>
    /// Turns the pure-Python lanes of bit-parallel <c>nearest</c> on or off (<c>edit_distance.lanes.ENABLED</c>, read per
    /// query), so that the benchmark can time the entry-by-entry path on the same corpus.
    /// </summary>
    public static void SetLanes(bool enabled) =>
        PythonRuntime.Run(enabled, static enabled =>
        {
            using var lanes = Py.Import("edit_distance.lanes");
            using var value = enabled.ToPython();
            lanes.SetAttr("ENABLED", value);
            return 0;
        });

    /// <summary>Releases the converted arguments and the function under the GIL. Idempotent.</summary>
    public void Dispose() => python.Dispose();

    /// <summary>The <c>noop</c> function of <c>boundary/noop.py</c> next to the application. Call under the GIL.</summary>
    private static PyObject LoadNoop()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "boundary", "noop.py");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("noop.py is copied next to the application by the build of EditDistance.Boundary.", path);
        }

        using var util = Py.Import("importlib.util");
        using var name = new PyString("edit_distance_boundary_noop");
        using var location = new PyString(path);
        using var spec = util.InvokeMethod("spec_from_file_location", name, location);
        using var module = util.InvokeMethod("module_from_spec", spec);
        using var loader = spec.GetAttr("loader");
        loader.InvokeMethod("exec_module", module).Dispose();
        return module.GetAttr("noop");
    }
}
