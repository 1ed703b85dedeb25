using System.Diagnostics;

namespace EditDistance.Scenarios;

/// <summary>The process's resident memory as the kernel counts it, native heaps and interpreters included (Linux).</summary>
internal static class ResidentMemory
{
    /// <summary>Whether this system can measure a peak: Linux resets it through /proc/self/clear_refs (4.0 and later).</summary>
    public static bool Supported => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    /// <summary>The resident set now (VmRSS), collecting managed garbage first so that only live memory counts.</summary>
    public static long Current()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Environment.WorkingSet;
    }

    /// <summary>
    /// What is resident besides the garbage-collected heap (native heaps, Python's allocator, code), and the live
    /// managed bytes, both after a full collection: the resident set alone also moves with how much heap the GC keeps
    /// committed between collections, which has nothing to do with a leak.
    /// </summary>
    public static (long Unmanaged, long LiveManaged) Split()
    {
        var resident = Current();
        return (resident - GC.GetGCMemoryInfo().TotalCommittedBytes, GC.GetTotalMemory(forceFullCollection: true));
    }

    /// <summary>
    /// How far the peak resident set (VmHWM) rises above the resident set while <paramref name="work"/> runs. Writing
    /// "5" to clear_refs resets the peak to the current resident set, so the peak afterwards is the work's own.
    /// </summary>
    public static (T Result, long Growth) PeakGrowth<T>(Func<T> work)
    {
        var before = Current();
        File.WriteAllText("/proc/self/clear_refs", "5");
        var result = work();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (result, self.PeakWorkingSet64 - before);
    }
}
