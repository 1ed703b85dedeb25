using EditDistance.CSharp;
using EditDistance.Rust;

namespace EditDistance.Tests.Rust;

/// <summary>
/// The short-call path (<c>NativeMethods.ed_distance_short</c>, <c>[SuppressGCTransition]</c>): taken exactly within
/// its limits, the same answers and errors as the path with the transition on both sides of each limit, and sound
/// while garbage collections run on other threads.
/// </summary>
public sealed class ShortCallTests
{
    [Theory]
    [InlineData(Strategy.BitParallel, 64, 64, true)]
    [InlineData(Strategy.BitParallel, 0, 64, true)]
    [InlineData(Strategy.BitParallel, 65, 1, false)]
    [InlineData(Strategy.BitParallel, 1, 65, false)]
    [InlineData(Strategy.Dp, 16, 16, true)]
    [InlineData(Strategy.Dp, 256, 1, true)]
    [InlineData(Strategy.Dp, 16, 17, false)]
    [InlineData(Strategy.Dp, int.MaxValue, int.MaxValue, false)]
    public void Takes_the_short_call_exactly_within_its_limits(Strategy strategy, int aLength, int bLength, bool expected) =>
        Assert.Equal(expected, NativeMethods.IsShortCall(strategy, aLength, bLength));

    [Theory]
    [InlineData(Strategy.Dp)]
    [InlineData(Strategy.BitParallel)]
    public void Answers_as_the_managed_implementation_on_both_sides_of_the_limits(Strategy strategy)
    {
        var rust = new RustEditDistance(strategy);
        var csharp = new CSharpEditDistance(strategy);
        var random = new Random(17);
        // Lengths in UTF-16 units around both limits, ASCII and with astral characters (two units each).
        foreach (var (aLength, bLength) in new[] { (64, 64), (64, 65), (65, 63), (16, 16), (16, 17), (1, 256), (1, 257), (0, 64) })
        {
            foreach (var astral in new[] { false, true })
            {
                var a = Text(random, aLength, astral);
                var b = Text(random, bLength, astral);
                foreach (var max in new[] { 0, 1, 3, 1000 })
                {
                    Assert.Equal(csharp.Distance(a, b, max), rust.Distance(a, b, max));
                }

                Assert.Equal(csharp.Distance(a, b), rust.Distance(a, b));
            }
        }
    }

    [Fact]
    public void A_lone_surrogate_is_reported_from_the_short_call_as_from_the_other()
    {
        var rust = new RustEditDistance(Strategy.BitParallel);
        var shortError = Assert.Throws<ArgumentException>(() => rust.Distance("ab\uD800", "abc"));
        var longError = Assert.Throws<ArgumentException>(() => rust.Distance("ab\uD800" + new string('x', 100), "abc"));
        Assert.Equal("a", shortError.ParamName);
        Assert.Equal(longError.ParamName, shortError.ParamName);
        Assert.Contains("index 2", shortError.Message);
    }

    [Fact]
    public async Task Calls_without_the_transition_stay_correct_while_other_threads_collect()
    {
        // A collection that starts during a suppressed call waits for it; one that is running when a thread enters it
        // must not see that thread's pinned strings move. Many short calls racing forced collections (which move
        // objects: compacting, and the strings are reallocated each round) show neither a wrong answer nor a hang.
        var rust = new RustEditDistance(Strategy.BitParallel);
        var csharp = new CSharpEditDistance(Strategy.Dp);
        using var done = new CancellationTokenSource();
        // Threads of their own (LongRunning): on a two-core machine the pool would run the three one after another.
        var collector = Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                // Each collection stops every thread; a pause lets the callers run between them.
                Thread.Sleep(1);
            }

            done.Cancel();
        }, TaskCreationOptions.LongRunning);
        var callers = Enumerable.Range(0, 2).Select(seed => Task.Factory.StartNew(() =>
        {
            var random = new Random(seed);
            var calls = 0;
            while (!done.IsCancellationRequested)
            {
                var a = Text(random, 1 + random.Next(64), astral: false);
                var b = new string(a.Reverse().ToArray());
                Assert.Equal(csharp.Distance(a, b), rust.Distance(a, b));
                calls++;
            }

            return calls;
        }, TaskCreationOptions.LongRunning)).ToArray();
        await collector.WaitAsync(TimeSpan.FromMinutes(2));
        var counts = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.All(counts, calls => Assert.True(calls >= 100, $"only {calls} calls ran while the collections did"));
    }

    private static string Text(Random random, int units, bool astral)
    {
        var text = new System.Text.StringBuilder(units);
        while (text.Length < units)
        {
            if (astral && text.Length + 2 <= units && random.Next(3) == 0)
            {
                text.Append(char.ConvertFromUtf32(0x1F600 + random.Next(16)));
            }
            else
            {
                text.Append((char)('a' + random.Next(4)));
            }
        }

        return text.ToString();
    }
}
