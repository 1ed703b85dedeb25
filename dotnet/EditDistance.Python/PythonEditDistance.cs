using Python.Runtime;

namespace EditDistance.Python;

/// <summary>
/// <see cref="IEditDistance"/> computed by the pure-Python <c>edit_distance</c> package, hosted in this process
/// through pythonnet. Dispose it to release its Python objects.
/// </summary>
/// <remarks>
/// Arguments are checked in C# first: pythonnet reports a lone surrogate with an unclear error, while the contract
/// wants an <see cref="ArgumentException"/> naming the UTF-16 position. Each call converts its arguments once and
/// takes the GIL once; calls from several threads are safe but run one at a time (the GIL serializes them).
/// Disposing it while another thread calls it is safe: that call completes or throws
/// <see cref="ObjectDisposedException"/>. Corpora it created stay usable after it is disposed.
/// </remarks>
public sealed class PythonEditDistance : IEditDistance, IDisposable
{
    // Looked up once: attribute lookups cost a crossing each, which at L = 8 is as much as the work itself.
    private readonly OwnedPythonObjects<(PyObject Module, PyObject Distance, PyObject Nearest)> python;

    /// <summary>Binds to <c>edit_distance.dp</c> or <c>edit_distance.bitparallel</c>, starting Python if needed.</summary>
    /// <exception cref="PythonUnavailableException">Python could not be started; the message says why.</exception>
    public PythonEditDistance(Strategy strategy)
    {
        var module = $"edit_distance.{strategy.ToName()}";
        Strategy = strategy;
        python = new(PythonRuntime.Run(module, static name =>
        {
            var imported = Py.Import(name);
            return (imported, imported.GetAttr("distance"), imported.GetAttr("nearest"));
        }), typeof(PythonEditDistance));
    }

    /// <inheritdoc/>
    public string Implementation => "python";

    /// <inheritdoc/>
    public Strategy Strategy { get; }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">This instance has been disposed.</exception>
    public int Distance(string a, string b)
    {
        Arguments.ThrowIfInvalid(a);
        Arguments.ThrowIfInvalid(b);
        return python.Run((a, b), static (objects, s) =>
        {
            using var a = new PyString(s.a);
            using var b = new PyString(s.b);
            using var result = objects.Distance.Invoke(a, b);
            return result.As<int>();
        });
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">This instance has been disposed.</exception>
    public int Distance(string a, string b, int maxDistance)
    {
        Arguments.ThrowIfInvalid(a);
        Arguments.ThrowIfInvalid(b);
        Arguments.ThrowIfNegative(maxDistance);
        return python.Run((a, b, maxDistance), static (objects, s) =>
        {
            using var a = new PyString(s.a);
            using var b = new PyString(s.b);
            using var maxDistance = new PyInt(s.maxDistance);
            using var result = objects.Distance.Invoke(a, b, maxDistance);
            return result.As<int>();
        });
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">This instance has been disposed.</exception>
    public IReadOnlyList<Match> Nearest(string query, IReadOnlyList<string> corpus, int k, int? maxDistance = null)
    {
        Arguments.ThrowIfInvalid(query);
        Arguments.ThrowIfInvalid(corpus);
        Arguments.ThrowIfNegative(k);
        Arguments.ThrowIfNegative(maxDistance);
        return python.Run((query, corpus, k, maxDistance), static (objects, s) =>
        {
            using var converted = PythonCorpus.ToPython(s.corpus);
            return PythonCorpus.Query(objects.Nearest, converted, s.query, s.k, s.maxDistance);
        });
    }

    /// <inheritdoc/>
    /// <remarks>The corpus is independent of this instance: it keeps working after this instance is disposed.</remarks>
    /// <exception cref="ObjectDisposedException">This instance has been disposed.</exception>
    public ICorpus CreateCorpus(IReadOnlyList<string> corpus)
    {
        Arguments.ThrowIfInvalid(corpus);
        var (converted, nearest) = python.Run(corpus, static (objects, entries) =>
        {
            var converted = PythonCorpus.ToPython(entries);
            try
            {
                // A reference of the corpus's own (looked up again: pythonnet offers no public way to add one to an
                // existing PyObject), so that disposing this instance leaves the corpus working.
                return (converted, objects.Module.GetAttr("nearest"));
            }
            catch
            {
                converted.Dispose();
                throw;
            }
        });
        return new PythonCorpus(converted, corpus.Count, nearest);
    }

    /// <summary>
    /// Releases the Python objects (under the GIL). Idempotent; later calls throw <see cref="ObjectDisposedException"/>.
    /// Corpora created by <see cref="CreateCorpus"/> are not affected.
    /// </summary>
    public void Dispose() => python.Dispose();
}
