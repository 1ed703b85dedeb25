using EditDistance.Boundary;
using EditDistance.Python;
using Python.Runtime;
using Xunit;

namespace EditDistance.Tests.Python;

/// <summary>
/// What is specific to hosting CPython: exception translation, the GIL under many threads, the corpus transfer and
/// the interpreter facts. (The contract itself is covered by the conformance suite for both Python strategies.)
/// </summary>
/// <remarks>
/// The interpreter is started once per process and never restarted, so these tests share it with the conformance
/// suite; failures to start (bogus interpreter, missing libpython) cannot be provoked in-process and are covered by
/// running a separate process with EDIT_DISTANCE_PYTHON set.
/// </remarks>
public sealed class PythonHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_interpreter_is_described()
    {
        var interpreter = PythonRuntime.Describe();
        Assert.True(Version.Parse(interpreter.Version) >= PythonRuntime.MinimumVersion);
        Assert.True(File.Exists(interpreter.LibraryPath), interpreter.LibraryPath);
        Assert.True(File.Exists(Path.Combine(interpreter.PackageDirectory, "edit_distance", "__init__.py")));
    }

    [Fact]
    public void CanImport_tells_a_present_module_from_a_missing_one()
    {
        Assert.True(PythonRuntime.CanImport("json"));
        Assert.False(PythonRuntime.CanImport("edit_distance_no_such_module"));
    }

    [Theory]
    [InlineData("ValueError")]
    [InlineData("TypeError")]
    [InlineData("UnicodeDecodeError")]
    public void ValueError_and_TypeError_become_ArgumentException_with_the_Python_message(string type)
    {
        var code = type == "UnicodeDecodeError"
            ? "b'\\xff'.decode('utf-8')"
            : $"raise {type}('the python message')";
        var e = Assert.Throws<ArgumentException>(() => Execute(code));
        var python = Assert.IsType<PythonCallException>(e.InnerException);
        Assert.Equal(type, python.PythonType);
        Assert.Equal(python.PythonMessage, e.Message);
        Assert.Contains(type, python.PythonTraceback);
    }

    [Fact]
    public void Any_other_Python_exception_becomes_PythonCallException_with_type_and_traceback()
    {
        var e = Assert.Throws<PythonCallException>(() => Execute("def inner():\n    raise RuntimeError('deep')\ninner()"));
        Assert.Equal("RuntimeError", e.PythonType);
        Assert.Equal("deep", e.PythonMessage);
        Assert.Contains("inner", e.PythonTraceback);
        Assert.Contains("RuntimeError", e.ToString());
    }

    [Fact]
    public void A_lone_surrogate_that_reaches_the_conversion_is_still_an_ArgumentException()
    {
        using var boundary = new PythonBoundary("a", "b");
        Assert.Throws<ArgumentException>(() => boundary.NoopConverting("a\uD800", "b"));
        Assert.Equal(0, boundary.NoopConverting("x", "y"));
    }

    [Fact]
    public void The_boundary_calls_return_zero_and_fail_after_dispose()
    {
        var boundary = new PythonBoundary("abc", "\U0001F600");
        Assert.Equal(0, boundary.NoopPreconverted());
        Assert.Equal(0, boundary.NoopConverting("abc", "def"));
        boundary.Dispose();
        boundary.Dispose();
        Assert.Throws<ObjectDisposedException>(() => boundary.NoopPreconverted());
    }

    [Fact]
    public void Many_threads_share_the_interpreter_without_hanging()
    {
        using var implementation = new PythonEditDistance(Strategy.BitParallel);
        using var corpus = implementation.CreateCorpus(["kitten", "sitting", "mitten"]);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        // Dedicated threads, not pool tasks: each is a new OS thread that Python has never seen, which is what
        // exercises PyGILState_Ensure for a fresh thread state.
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            try
            {
                for (var i = 0; i < 200; i++)
                {
                    Assert.Equal(3, implementation.Distance("kitten", "sitting"));
                    Assert.Equal(new Match(0, 0), corpus.Nearest("kitten", 1)[0]);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        Assert.All(threads, thread => Assert.True(thread.Join(Patience), "A Python call did not finish: is the GIL left held somewhere?"));
        Assert.Empty(failures);
    }

    [Fact]
    public void Corpus_entries_survive_the_transfer_whatever_they_contain()
    {
        string[] entries = ["", "a\nb", "\0", "\U0001F600x", "", "caf\u00e9", "\n", "e\u0301", "\U00020000\U0001F600"];
        using var implementation = new PythonEditDistance(Strategy.Dp);
        using var corpus = implementation.CreateCorpus(entries);
        Assert.Equal(entries.Length, corpus.Count);
        for (var i = 0; i < entries.Length; i++)
        {
            // The first exact match is the entry itself, or an earlier identical one.
            var expected = Array.IndexOf(entries, entries[i]);
            Assert.Equal(new Match(expected, 0), corpus.Nearest(entries[i], 1)[0]);
        }
    }

    [Fact]
    public void A_corpus_rejects_threads_and_use_after_dispose()
    {
        using var implementation = new PythonEditDistance(Strategy.BitParallel);
        var corpus = implementation.CreateCorpus(["a"]);
        Assert.Throws<NotSupportedException>(() => corpus.Nearest("a", 1, threads: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => corpus.Nearest("a", 1, threads: 0));
        corpus.Dispose();
        corpus.Dispose();
        Assert.Throws<ObjectDisposedException>(() => corpus.Nearest("a", 1));
    }

    [Fact]
    public void An_implementation_refuses_calls_after_dispose_and_can_be_disposed_again()
    {
        var implementation = new PythonEditDistance(Strategy.Dp);
        Assert.Equal(3, implementation.Distance("kitten", "sitting"));
        implementation.Dispose();
        implementation.Dispose();
        Assert.Throws<ObjectDisposedException>(() => implementation.Distance("kitten", "sitting"));
        Assert.Throws<ObjectDisposedException>(() => implementation.Distance("kitten", "sitting", 1));
        Assert.Throws<ObjectDisposedException>(() => implementation.Nearest("kitten", ["sitting"], 1));
        Assert.Throws<ObjectDisposedException>(() => implementation.CreateCorpus(["sitting"]));
    }

    [Fact]
    public void A_corpus_keeps_working_after_its_creator_is_disposed()
    {
        var implementation = new PythonEditDistance(Strategy.BitParallel);
        using var corpus = implementation.CreateCorpus(["kitten", "sitting", "mitten"]);
        // A corpus sharing its creator's PyObject for nearest would at this point hand pythonnet a released object.
        implementation.Dispose();
        Assert.Equal([new Match(1, 0), new Match(0, 3)], corpus.Nearest("sitting", 2));
    }

    private static void Execute(string code) =>
        PythonRuntime.Run(code, static source =>
        {
            PythonEngine.Exec(source);
            return 0;
        });
}
