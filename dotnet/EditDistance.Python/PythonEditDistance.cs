using Python.Runtime;

namespace EditDistance.Python;

/// <summary>
/// <see cref="IEditDistance"/> computed by the pure-Python <c>edit_distance</c> package, hosted in this process
/// through pythonnet.
/// </summary>
/// <remarks>
/// Arguments are checked in C# first: pythonnet reports a lone surrogate with an unclear error, while the contract
/// wants an <see cref="ArgumentException"/> naming the UTF-16 position. Each call converts its arguments once and
/// takes the GIL once; calls from several threads are safe but run one at a time (the GIL serializes them).
/// </remarks>
public sealed class PythonEditDistance : IEditDistance
{
    // Looked up once: attribute lookups cost a crossing each, which at L = 8 is as much as the work itself.
    private readonly PyObject distance;
    private readonly PyObject nearest;

    /// <summary>Binds to <c>edit_distance.dp</c> or <c>edit_distance.bitparallel</c>, starting Python if needed.</summary>
    /// <exception cref="PythonUnavailableException">Python could not be started; the message says why.</exception>
    public PythonEditDistance(Strategy strategy)
    {
        var module = $"edit_distance.{strategy.ToName()}";
        Strategy = strategy;
        (distance, nearest) = PythonRuntime.Run(module, static name =>
        {
            using var imported = Py.Import(name);
            return (imported.GetAttr("distance"), imported.GetAttr("nearest"));
        });
    }

    /// <inheritdoc/>
    public string Implementation => "python";

    /// <inheritdoc/>
    public Strategy Strategy { get; }

    /// <inheritdoc/>
    public int Distance(string a, string b)
    {
        Arguments.ThrowIfInvalid(a);
        Arguments.ThrowIfInvalid(b);
        return PythonRuntime.Run((this, a, b), static s =>
        {
            using var a = new PyString(s.a);
            using var b = new PyString(s.b);
            using var result = s.Item1.distance.Invoke(a, b);
            return result.As<int>();
        });
    }

    /// <inheritdoc/>
    public int Distance(string a, string b, int maxDistance)
    {
        Arguments.ThrowIfInvalid(a);
        Arguments.ThrowIfInvalid(b);
        Arguments.ThrowIfNegative(maxDistance);
        return PythonRuntime.Run((this, a, b, maxDistance), static s =>
        {
            using var a = new PyString(s.a);
            using var b = new PyString(s.b);
            using var maxDistance = new PyInt(s.maxDistance);
            using var result = s.Item1.distance.Invoke(a, b, maxDistance);
            return result.As<int>();
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<Match> Nearest(string query, IReadOnlyList<string> corpus, int k, int? maxDistance = null)
    {
        Arguments.ThrowIfInvalid(query);
        Arguments.ThrowIfInvalid(corpus);
        Arguments.ThrowIfNegative(k);
        Arguments.ThrowIfNegative(maxDistance);
        return PythonRuntime.Run((nearest, query, corpus, k, maxDistance), static s =>
        {
            using var converted = PythonCorpus.ToPython(s.corpus);
            return PythonCorpus.Query(s.nearest, converted, s.query, s.k, s.maxDistance);
        });
    }

    /// <inheritdoc/>
    public ICorpus CreateCorpus(IReadOnlyList<string> corpus)
    {
        Arguments.ThrowIfInvalid(corpus);
        var converted = PythonRuntime.Run(corpus, PythonCorpus.ToPython);
        return new PythonCorpus(converted, corpus.Count, nearest);
    }
}
