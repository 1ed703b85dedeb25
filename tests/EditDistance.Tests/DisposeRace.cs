using System.Collections.Concurrent;

namespace EditDistance.Tests;

/// <summary>
/// <c>Dispose</c> racing calls on another thread, round after round: the calls either complete or throw
/// <see cref="ObjectDisposedException"/>, never anything else, and the process survives.
/// </summary>
/// <remarks>
/// Each round lets the caller complete at least one call, then disposes after a random delay, so that over the
/// rounds Dispose lands before a call, during one and between two. A crash (a native use after free) shows as the test
/// host aborting, not as a failed assertion. The power is statistical: a check made apart from the use it guards
/// loses the race in a fraction of the rounds, so a broken owner fails most runs, not all.
/// </remarks>
internal static class DisposeRace
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <param name="rounds">How many targets are created and disposed.</param>
    /// <param name="create">Makes a fresh target for a round.</param>
    /// <param name="use">One call on the target, asserting its answer.</param>
    /// <param name="onCallerThread">Given the round, what the calling thread holds while it calls (disposed on that thread).</param>
    public static void Run<T>(int rounds, Func<T> create, Action<T> use, Func<int, IDisposable?>? onCallerThread = null)
        where T : IDisposable
    {
        var random = new Random(17);
        var failures = new ConcurrentQueue<Exception>();
        for (var round = 0; round < rounds && failures.IsEmpty; round++)
        {
            var target = create();
            var thisRound = round;
            using var called = new ManualResetEventSlim();
            var caller = new Thread(() =>
            {
                try
                {
                    using var held = onCallerThread?.Invoke(thisRound);
                    while (true)
                    {
                        use(target);
                        called.Set();
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The one acceptable outcome of a call that lost the race.
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
                finally
                {
                    called.Set();
                }
            });
            caller.Start();
            Assert.True(called.Wait(Patience), "The first call did not complete.");
            Thread.SpinWait(random.Next(0, 5_000));
            target.Dispose();
            Assert.True(caller.Join(Patience), "A call did not notice that its target was disposed.");
            target.Dispose();
        }

        Assert.Empty(failures);
    }
}
