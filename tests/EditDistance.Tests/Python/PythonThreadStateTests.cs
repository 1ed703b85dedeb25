using System.Collections.Concurrent;
using EditDistance.Python;
using Python.Runtime;

namespace EditDistance.Tests.Python;

/// <summary>
/// <see cref="PythonRuntime.AttachCurrentThread"/>: a thread keeps one Python thread state across calls until it
/// disposes the attachment, on its own thread, while other threads keep calling Python.
/// </summary>
/// <remarks>
/// Whether a thread state survived between two calls is observed through a <c>threading.local</c>: CPython keeps its
/// values in the thread state, so they vanish when <c>PyGILState_Release</c> deletes the state at the end of a call.
/// Every test runs on dedicated threads: a new OS thread has no thread state of its own to start with, which
/// a test runner's thread (possibly the one that initialized Python) need not satisfy.
/// </remarks>
public sealed class PythonThreadStateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_thread_without_attachment_loses_its_state_after_each_call()
    {
        OnNewThread(() =>
        {
            Mark();
            Assert.False(Marked());
        });
    }

    [Fact]
    public void An_attached_thread_keeps_its_state_across_calls_until_disposed()
    {
        OnNewThread(() =>
        {
            using (var attached = PythonRuntime.AttachCurrentThread())
            {
                Mark();
                Assert.True(Marked());
                using var implementation = new PythonEditDistance(Strategy.BitParallel);
                Assert.Equal(3, implementation.Distance("kitten", "sitting"));
                Assert.True(Marked());
                Assert.False(attached.IsDisposed);
            }

            Assert.False(Marked());
        });
    }

    [Fact]
    public void Dispose_is_idempotent_and_refused_on_another_thread()
    {
        PythonThreadState? attached = null;
        OnNewThread(() => attached = PythonRuntime.AttachCurrentThread(), () =>
        {
            // The attaching thread is still alive (the helper lets it finish only after this check).
            var e = Assert.Throws<InvalidOperationException>(() => attached!.Dispose());
            Assert.Contains("thread that attached", e.Message);
            Assert.False(attached!.IsDisposed);
        }, () =>
        {
            attached!.Dispose();
            attached.Dispose();
            Assert.True(attached.IsDisposed);
        });
        // Once disposed, any thread may call Dispose again: it does nothing.
        attached!.Dispose();
    }

    [Fact]
    public void Nested_attachments_keep_the_state_until_the_last_is_disposed_in_any_order()
    {
        OnNewThread(() =>
        {
            var outer = PythonRuntime.AttachCurrentThread();
            var inner = PythonRuntime.AttachCurrentThread();
            Mark();
            outer.Dispose();
            Assert.True(Marked());
            inner.Dispose();
            Assert.False(Marked());

            // And the thread can attach again afterwards.
            using var again = PythonRuntime.AttachCurrentThread();
            Mark();
            Assert.True(Marked());
        });
    }

    [Fact]
    public void Attach_detach_cycles_on_many_threads_while_others_call_without_attaching()
    {
        using var implementation = new PythonEditDistance(Strategy.Dp);
        var failures = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, 8).Select(index => new Thread(() =>
        {
            try
            {
                for (var cycle = 0; cycle < 20; cycle++)
                {
                    // Even threads attach for a while and call; odd ones call Python bare, as a thread-pool thread would.
                    using var attached = index % 2 == 0 ? PythonRuntime.AttachCurrentThread() : null;
                    for (var i = 0; i < 10; i++)
                    {
                        Assert.Equal(3, implementation.Distance("kitten", "sitting"));
                        Assert.Equal(1, implementation.Distance("\U0001F600", ""));
                    }
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        Assert.All(threads, thread => Assert.True(thread.Join(Patience), "A thread did not finish: is the GIL left held by an attachment?"));
        Assert.Empty(failures);
    }

    [Fact]
    public void Attaching_while_holding_the_GIL_is_refused_and_releases_nothing()
    {
        PythonRuntime.Describe();
        using var implementation = new PythonEditDistance(Strategy.BitParallel);
        OnNewThread(() =>
        {
            using (Py.GIL())
            {
                var e = Assert.Throws<InvalidOperationException>(() => PythonRuntime.AttachCurrentThread());
                Assert.Contains("holds the GIL", e.Message);
                Assert.True(PythonRuntime.HoldsGil(), "The refused attachment released the GIL of the enclosing Py.GIL().");
                Assert.Equal(3, implementation.Distance("kitten", "sitting"));
                Assert.True(PythonRuntime.HoldsGil());
            }

            // Outside the GIL the same thread attaches as usual.
            using var attached = PythonRuntime.AttachCurrentThread();
            Mark();
            Assert.True(Marked());
            Assert.Equal(3, implementation.Distance("kitten", "sitting"));
        });
    }

    [Fact]
    public void Attaching_an_attached_thread_again_while_holding_the_GIL_is_refused_too()
    {
        PythonRuntime.Describe();
        OnNewThread(() =>
        {
            using var attached = PythonRuntime.AttachCurrentThread();
            using (Py.GIL())
            {
                Assert.Throws<InvalidOperationException>(() => PythonRuntime.AttachCurrentThread());
                Assert.True(PythonRuntime.HoldsGil());
            }

            Mark();
            Assert.True(Marked());
        });
    }

    [Fact]
    public void In_NET_code_called_from_a_Python_thread_attaching_is_refused_exactly_where_the_GIL_is_held()
    {
        using var implementation = new PythonEditDistance(Strategy.BitParallel);
        var caller = new CalledFromPython(implementation);
        PythonRuntime.Run(caller, static caller =>
        {
            using var scope = Py.CreateScope();
            using var wrapped = caller.ToPython();
            scope.Set("caller", wrapped);
            // A thread of Python's own, which holds the GIL because Python runs it: no Py.GIL() of ours on it. join()
            // releases the GIL while it waits; an exception on that thread would only be printed, so it is raised here.
            scope.Exec("""
                import threading
                errors = []
                def run():
                    try:
                        caller.Getter
                        caller.Method()
                    except BaseException as e:
                        errors.append(e)
                worker = threading.Thread(target=run)
                worker.start()
                worker.join()
                if errors:
                    raise errors[0]
                """);
            return 0;
        });

        Assert.True(caller.HeldGilInGetter);
        var e = Assert.IsType<InvalidOperationException>(caller.RefusalInGetter);
        Assert.Contains("holds the GIL", e.Message);
        Assert.True(caller.StillHeldGilInGetter, "The refused attachment released the GIL of the Python thread.");
        Assert.Equal(3, caller.DistanceInGetter);

        Assert.False(caller.HeldGilInMethod);
        Assert.Equal(3, caller.DistanceInMethod);
    }

    /// <summary>.NET code that Python calls back: pythonnet holds the GIL around a property getter, and releases it
    /// around a method (as around a delegate), so attaching is refused in the first and allowed in the second.</summary>
    public sealed class CalledFromPython(PythonEditDistance implementation)
    {
        public bool HeldGilInGetter { get; private set; }

        public Exception? RefusalInGetter { get; private set; }

        public bool StillHeldGilInGetter { get; private set; }

        public int DistanceInGetter { get; private set; }

        public bool HeldGilInMethod { get; private set; }

        public int DistanceInMethod { get; private set; }

        public int Getter
        {
            get
            {
                HeldGilInGetter = PythonRuntime.HoldsGil();
                RefusalInGetter = Record.Exception(() => PythonRuntime.AttachCurrentThread().Dispose());
                StillHeldGilInGetter = PythonRuntime.HoldsGil();
                DistanceInGetter = implementation.Distance("kitten", "sitting");
                return 0;
            }
        }

        public void Method()
        {
            HeldGilInMethod = PythonRuntime.HoldsGil();
            using var attached = PythonRuntime.AttachCurrentThread();
            DistanceInMethod = implementation.Distance("kitten", "sitting");
        }
    }

    [Fact]
    public void Disposing_an_attachment_while_holding_the_GIL_is_refused_and_it_stays_valid()
    {
        PythonRuntime.Describe();
        OnNewThread(() =>
        {
            var attached = PythonRuntime.AttachCurrentThread();
            Mark();
            using (Py.GIL())
            {
                var e = Assert.Throws<InvalidOperationException>(() => attached.Dispose());
                Assert.Contains("holds the GIL", e.Message);
                Assert.False(attached.IsDisposed);
                Assert.True(PythonRuntime.HoldsGil());
            }

            // The state survived the refusal, and the attachment is disposed normally once outside the GIL.
            Assert.True(Marked());
            attached.Dispose();
            Assert.True(attached.IsDisposed);
            Assert.False(Marked());
        });
    }

    /// <summary>Sets an attribute of a <c>threading.local</c>, kept in the calling thread's Python thread state.</summary>
    private static void Mark() =>
        PythonRuntime.Run(0, static _ =>
        {
            using var local = Local();
            using var value = new PyInt(1);
            local.SetAttr("marked", value);
            return 0;
        });

    private static bool Marked() =>
        PythonRuntime.Run(0, static _ =>
        {
            using var local = Local();
            return local.HasAttr("marked");
        });

    /// <summary>One shared <c>threading.local</c>, created on first use and kept in <c>__main__</c>. Call with the GIL.</summary>
    private static PyObject Local()
    {
        using var main = Py.Import("__main__");
        if (!main.HasAttr("_edit_distance_test_local"))
        {
            using var threading = Py.Import("threading");
            using var created = threading.InvokeMethod("local");
            main.SetAttr("_edit_distance_test_local", created);
        }

        return main.GetAttr("_edit_distance_test_local");
    }

    /// <summary>
    /// Runs <paramref name="steps"/> in turn: the first and last on one new thread, any in between on the caller's
    /// thread while the new thread waits, and rethrows what failed.
    /// </summary>
    private static void OnNewThread(params Action[] steps)
    {
        var failures = new ConcurrentQueue<Exception>();
        using var middleDone = new ManualResetEventSlim();
        using var firstDone = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            try
            {
                steps[0]();
                firstDone.Set();
                if (steps.Length > 1)
                {
                    middleDone.Wait(Patience);
                    steps[^1]();
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
                firstDone.Set();
            }
        });
        thread.Start();
        Assert.True(firstDone.Wait(Patience));
        try
        {
            foreach (var step in steps.Skip(1).SkipLast(1))
            {
                step();
            }
        }
        finally
        {
            middleDone.Set();
        }

        Assert.True(thread.Join(Patience), "The test thread did not finish.");
        Assert.Empty(failures);
    }
}
