using System.Runtime.InteropServices;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// Keeps a benchmark thread, and the server it starts, on the core the thread is running on (Linux), for the calls out
/// of process. Client and server take turns (a request, then its reply), so one core serves both, and a round trip
/// never waits for another core to wake from idle: on an otherwise idle machine, a virtual machine above all, that
/// wake-up can cost several times the message, and it comes and goes with whatever else the machine runs, which would
/// make the wires' comparison a comparison of moments. Same rule: bench/native-python/bench.py <c>pin_to_one_core</c>.
/// Elsewhere it does nothing, and the figures include whatever waking the server's core costs there.
/// </summary>
internal sealed class OneCore : IDisposable
{
    /// <summary>cpu_set_t's size in glibc: 1024 CPUs, one bit each.</summary>
    private const int MaskWords = 1024 / 64;

    private readonly ulong[]? _previous;

    private OneCore(ulong[]? previous) => _previous = previous;

    /// <summary>
    /// Pins the calling thread to its current core until disposed; a process started from this thread meanwhile
    /// (the server) inherits the pin, for its whole life.
    /// </summary>
    public static OneCore PinCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new OneCore(null);
        }

        var previous = new ulong[MaskWords];
        var cpu = sched_getcpu();
        if (sched_getaffinity(0, MaskWords * sizeof(ulong), previous) != 0 || cpu < 0 || cpu >= MaskWords * 64)
        {
            return new OneCore(null);
        }

        var one = new ulong[MaskWords];
        one[cpu / 64] = 1UL << (cpu % 64);
        return sched_setaffinity(0, MaskWords * sizeof(ulong), one) == 0 ? new OneCore(previous) : new OneCore(null);
    }

    /// <summary>Gives the thread back every core it had (a server it started stays pinned until it exits).</summary>
    public void Dispose()
    {
        if (_previous is not null)
        {
            _ = sched_setaffinity(0, MaskWords * sizeof(ulong), _previous);
        }
    }

    // pid 0: the calling thread. Plain arrays of ulong are blittable, so no marshalling code is generated.
    [DllImport("libc", EntryPoint = "sched_setaffinity")]
    private static extern int sched_setaffinity(int pid, nuint size, ulong[] mask);

    [DllImport("libc", EntryPoint = "sched_getaffinity")]
    private static extern int sched_getaffinity(int pid, nuint size, ulong[] mask);

    [DllImport("libc", EntryPoint = "sched_getcpu")]
    private static extern int sched_getcpu();
}
