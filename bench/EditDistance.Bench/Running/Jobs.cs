using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EditDistance.Bench.Benchmarks;
using Perfolizer.Horology;

namespace EditDistance.Bench.Running;

/// <summary>
/// The BenchmarkDotNet jobs: the whole time budget is decided here.
/// </summary>
/// <remarks>
/// <para>
/// Every job uses <see cref="InProcessEmitToolchain"/>: BenchmarkDotNet's default toolchain generates, builds and
/// launches one project per benchmark (seconds each, times ~100 benchmarks) and every launch would initialize
/// Python again (~120 ms plus importing the package). In-process, the benchmarks share this process, the build
/// happens once, Python is initialized once, and the inputs are read once. The price: no process isolation
/// between benchmarks, so a benchmark that leaves garbage or threads behind can disturb the next — the reason
/// every class disposes what it creates in its [GlobalCleanup].
/// </para>
/// <para>
/// Most benchmarks take nanoseconds to milliseconds per invocation: <see cref="Throughput"/> lets
/// BenchmarkDotNet's pilot stage pick the invocation count that fills <c>IterationTime</c>, and the iteration
/// count bounds the rest. Invocations longer than <c>IterationTime</c> (pure-Python Wagner–Fischer at 1000 code
/// points, 50–200 ms per pair depending on the machine, 4 pairs per batch) fall back to one invocation per
/// iteration by themselves. Nearest in pure Python costs a quarter of a second per query and more, so its class
/// runs under <see cref="Monitoring"/>: no pilot, one invocation per iteration, a few iterations.
/// </para>
/// <para>
/// The long scenario (<see cref="LongBenchmarks"/>) stays on <see cref="Throughput"/> although one of its calls can
/// take seconds. Its calls span four orders of magnitude: Rust and C# take milliseconds today and microseconds once
/// their bounded paths stay in the band, which needs the pilot to batch invocations (one invocation per iteration,
/// as Monitoring does, would time the timer and the iteration overhead). The pure-Python calls, longer than
/// <c>IterationTime</c>, fall back to one invocation per iteration by themselves: about 19 calls per benchmark in
/// default mode (2 jitting, 3 warm-ups, 12 iterations, one for the memory diagnoser, one check in the setup) and 10
/// in quick mode. At the 0.4–2.5 s per call measured for pure-Python Wagner–Fischer on a busy 2-core machine that is
/// under 50 s default and 25 s quick for the slowest benchmark: within the run's budget, and it only shrinks as the
/// implementations improve.
/// </para>
/// </remarks>
public static class Jobs
{
    /// <summary>
    /// The job of a benchmark class: <see cref="Monitoring"/> for nearest in Python, <see cref="Short"/> for the calls out
    /// of process and the client's codec, <see cref="Throughput"/> for every other class (long included, see the remarks).
    /// </summary>
    public static Job For(Type benchmarkClass, Mode mode) =>
        benchmarkClass == typeof(NearestPythonBenchmarks) ? Monitoring(mode)
        : ShortClasses.Contains(benchmarkClass) ? Short(mode)
        : Throughput(mode);

    /// <summary>
    /// The out-of-process classes and the client's codec: three dozen benchmarks, most of whose comparisons span orders
    /// of magnitude (a socket round trip against an in-process call), so they get a smaller share of the run's time;
    /// the noise rule keeps a closer comparison from being claimed on their wider intervals.
    /// </summary>
    private static readonly HashSet<Type> ShortClasses =
    [
        typeof(DistanceRemoteBenchmarks), typeof(NearestRemoteBenchmarks), typeof(CrossingRemoteCallBenchmarks),
        typeof(CrossingRemoteBatchBenchmarks), typeof(CodecBenchmarks),
    ];

    /// <summary>
    /// Default: 12 iterations of 200 ms after 3 warm-ups, ~4 s per benchmark. Quick: 5 iterations of 40 ms after
    /// one warm-up, ~0.5 s per benchmark: medians good to 10–20 %, enough to see every ratio the report draws on.
    /// </summary>
    public static Job Throughput(Mode mode) => Base(mode == Mode.Quick ? "quick" : "default")
        .WithStrategy(RunStrategy.Throughput)
        .WithWarmupCount(mode == Mode.Quick ? 1 : 3)
        .WithIterationCount(mode == Mode.Quick ? 5 : 12)
        .WithIterationTime(TimeInterval.FromMilliseconds(mode == Mode.Quick ? 40 : 200));

    /// <summary>
    /// Default: 8 iterations of 100 ms after 2 warm-ups, ~1.5 s per benchmark, a third of <see cref="Throughput"/>'s;
    /// quick: the same as <see cref="Throughput"/>'s quick job.
    /// </summary>
    public static Job Short(Mode mode) => mode == Mode.Quick
        ? Throughput(mode)
        : Base("short")
            .WithStrategy(RunStrategy.Throughput)
            .WithWarmupCount(2)
            .WithIterationCount(8)
            .WithIterationTime(TimeInterval.FromMilliseconds(100));

    /// <summary>Default: 1 warm-up and 5 iterations (median of 5); quick: no warm-up, one iteration.</summary>
    public static Job Monitoring(Mode mode) => Base(mode == Mode.Quick ? "quick-slow" : "slow")
        .WithStrategy(RunStrategy.Monitoring)
        .WithWarmupCount(mode == Mode.Quick ? 0 : 1)
        .WithIterationCount(mode == Mode.Quick ? 1 : 5)
        .WithInvocationCount(1)
        .WithUnrollFactor(1);

    private static Job Base(string id) => new Job(id)
        .WithLaunchCount(1)
        .WithToolchain(InProcessEmitToolchain.Instance);
}
