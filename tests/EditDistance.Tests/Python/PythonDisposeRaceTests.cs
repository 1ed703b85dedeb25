using EditDistance.CSharp;
using EditDistance.Boundary;
using EditDistance.Python;

namespace EditDistance.Tests.Python;

/// <summary>
/// <c>Dispose</c> racing calls on another thread: the call either completes or throws
/// <see cref="ObjectDisposedException"/>, never anything else.
/// </summary>
/// <remarks>
/// A use of a released Python object may not throw at all: pythonnet can pass a null pointer to the C API, and the
/// process dies with SIGSEGV (see <see cref="DisposeRace"/>). Over the rounds, Dispose lands before the GIL is taken,
/// during the call and between calls. Half of the rounds run the caller attached
/// (<see cref="PythonRuntime.AttachCurrentThread"/>), where a call is ~40× shorter. A round takes a few milliseconds,
/// mostly starting a thread, so a test takes a second or two.
/// </remarks>
public sealed class PythonDisposeRaceTests
{
    private const int Rounds = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] Words = ConformanceTests.Words(50, seed: 3);

    [Fact]
    public void Disposing_a_corpus_while_another_thread_queries_it_surfaces_only_ObjectDisposedException()
    {
        using var implementation = new PythonEditDistance(Strategy.BitParallel);
        Race(() => implementation.CreateCorpus(Words), corpus => Assert.Single(corpus.Nearest("kitten", 1)));
    }

    [Theory]
    [InlineData(nameof(PythonEditDistance.Distance))]
    [InlineData(nameof(PythonEditDistance.Nearest))]
    [InlineData(nameof(PythonEditDistance.CreateCorpus))]
    public void Disposing_an_implementation_while_another_thread_calls_it_surfaces_only_ObjectDisposedException(string call)
    {
        Action<PythonEditDistance> use = call switch
        {
            nameof(PythonEditDistance.Distance) => implementation => Assert.Equal(3, implementation.Distance("kitten", "sitting")),
            nameof(PythonEditDistance.Nearest) => implementation => Assert.Single(implementation.Nearest("kitten", Words, 1)),
            nameof(PythonEditDistance.CreateCorpus) => implementation =>
            {
                // A corpus that was created is independent of its creator: it answers even once the creator is disposed.
                using var corpus = implementation.CreateCorpus(Words);
                Assert.Single(corpus.Nearest("kitten", 1));
            },
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "No such call."),
        };
        Race(() => new PythonEditDistance(Strategy.BitParallel), use);
    }

    [Theory]
    [InlineData(nameof(PythonBoundary.NoopPreconverted))]
    [InlineData(nameof(PythonBoundary.NoopConverting))]
    public void Disposing_a_boundary_while_another_thread_calls_it_surfaces_only_ObjectDisposedException(string call)
    {
        Action<PythonBoundary> use = call switch
        {
            nameof(PythonBoundary.NoopPreconverted) => boundary => Assert.Equal(0, boundary.NoopPreconverted()),
            nameof(PythonBoundary.NoopConverting) => boundary => Assert.Equal(0, boundary.NoopConverting("kitten", "sitting")),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "No such boundary call."),
        };
        Race(() => new PythonBoundary("kitten", "sitting"), use);
    }

    [Fact]
    public void A_call_in_flight_completes_when_its_owner_is_disposed_meanwhile()
    {
        // Long enough (~1 s of Python dp) that Dispose, which CPython lets take the GIL within its 5 ms switch
        // interval, runs in the middle of the call.
        var random = new Random(5);
        var a = new string([.. Enumerable.Range(0, 5000).Select(_ => (char)random.Next('a', 'e'))]);
        var b = new string([.. Enumerable.Range(0, 5000).Select(_ => (char)random.Next('a', 'e'))]);
        var expected = new CSharpEditDistance(Strategy.BitParallel).Distance(a, b);
        var implementation = new PythonEditDistance(Strategy.Dp);
        using var starting = new ManualResetEventSlim();
        var result = -1;
        Exception? failure = null;
        var caller = new Thread(() =>
        {
            try
            {
                starting.Set();
                result = implementation.Distance(a, b);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        caller.Start();
        Assert.True(starting.Wait(Patience));
        Thread.Sleep(100);

        implementation.Dispose();
        Assert.True(caller.IsAlive, "The call finished before Dispose: lengthen the strings so that Dispose lands during the call.");
        Assert.Throws<ObjectDisposedException>(() => implementation.Distance("a", "b"));

        Assert.True(caller.Join(Patience), "The call in flight did not finish.");
        Assert.Null(failure);
        Assert.Equal(expected, result);
    }

    /// <summary>Half of the rounds run the caller attached, where a call is ~40× shorter.</summary>
    private static void Race<T>(Func<T> create, Action<T> use)
        where T : IDisposable =>
        DisposeRace.Run(Rounds, create, use, round => round % 2 == 0 ? PythonRuntime.AttachCurrentThread() : null);
}
