using System.Diagnostics;
using System.Globalization;

namespace EditDistance.Bench.Running;

/// <summary>
/// How much of the machine other processes used while a scenario ran: the share of all cores' time that was busy
/// but not spent by this process (Linux, from /proc/stat; null elsewhere).
/// </summary>
/// <remarks>
/// The load average cannot answer this: on a 2-core machine the benchmarks' own work (building, the harnesses, the
/// previous scenario) lifts the 1-minute average for a minute afterwards, so it would flag every run as disturbed.
/// Subtracting this process's CPU time from the machine's busy time leaves exactly the competition.
/// </remarks>
public sealed class OtherCpuSampler
{
    private readonly double? _busyStart = MachineBusySeconds();
    private readonly TimeSpan _ownStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    private static readonly TimeSpan MinimumWindow = TimeSpan.FromSeconds(10);

    /// <summary>Between 0 (nothing else ran) and 1 (other processes kept every core busy); null off Linux or for a window too short to judge.</summary>
    public double? Share()
    {
        var busyEnd = MachineBusySeconds();
        // Over a few seconds, a process exiting or a build server settling shows as a large share of a short window
        // and says nothing about the measurements.
        if (_busyStart is not { } start || busyEnd is not { } end || _wall.Elapsed < MinimumWindow)
        {
            return null;
        }

        var own = (Process.GetCurrentProcess().TotalProcessorTime - _ownStart).TotalSeconds;
        var other = (end - start) - own;
        return Math.Clamp(other / (_wall.Elapsed.TotalSeconds * Environment.ProcessorCount), 0, 1);
    }

    /// <summary>Busy time of all cores since boot: the first line of /proc/stat minus idle and iowait.</summary>
    private static double? MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal guest guest_nice — guest time is already in user.
        var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = ticks.Sum() - ticks[3] - ticks[4];
        // USER_HZ is 100 on every Linux architecture .NET runs on.
        return busy / 100.0;
    }
}
