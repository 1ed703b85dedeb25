using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using EditDistance.Boundary;
using EditDistance.Rust;

// As in EditDistance.Rust and EditDistance.Boundary: only blittable signatures compile, so no call is marshalled.
[assembly: DisableRuntimeMarshalling]

namespace EditDistance.NativeAot;

/// <summary>
/// The program the Bench target builds three ways (JIT, NativeAOT with the shared library next to the executable,
/// NativeAOT with the static library linked in) and the bench app's <c>aot</c> command runs, to measure what
/// NativeAOT changes (bench/README.md, "NativeAOT"). It only measures and prints; the bench app turns what it prints
/// into result rows.
/// </summary>
/// <remarks>
/// <c>first-result</c>: prints <c>distance("kitten", "sitting")</c> computed by <see cref="RustEditDistance"/> and
/// exits; the bench app times the whole process.
/// <para>
/// <c>crossing PAIRS SAMPLES SAMPLE_MS WARM_UP_MS</c>: times the empty call with two strings
/// (<see cref="RustBoundary.NoopStrings"/>, the export <c>ed_noop_strings</c>) over every pair of the pairs file, as
/// the native harnesses time their rows: a warm-up, then samples of whole batches, each at least SAMPLE_MS long.
/// Prints one line: <c>jit</c> or <c>aot</c> (how this build runs its code), then the time per call of each sample in
/// nanoseconds.
/// </para>
/// </remarks>
public static class Program
{
    /// <summary>Keeps the sums of the timed calls alive, so that no build can drop a call whose result is unused.</summary>
    private static uint sink;

    public static int Main(string[] args) => args switch
    {
        ["first-result"] => FirstResult(),
        ["crossing", var pairs, var samples, var sampleMs, var warmUpMs] => Crossing(
            pairs, int.Parse(samples, CultureInfo.InvariantCulture),
            TimeSpan.FromMilliseconds(int.Parse(sampleMs, CultureInfo.InvariantCulture)),
            TimeSpan.FromMilliseconds(int.Parse(warmUpMs, CultureInfo.InvariantCulture))),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: EditDistance.NativeAot first-result | crossing PAIRS SAMPLES SAMPLE_MS WARM_UP_MS");
        return 2;
    }

    /// <summary>What a consumer's first call is: the implementation created, one distance, the answer printed.</summary>
    private static int FirstResult()
    {
        Console.WriteLine(new RustEditDistance(Strategy.BitParallel).Distance("kitten", "sitting"));
        return 0;
    }

    private static int Crossing(string path, int samples, TimeSpan sampleTime, TimeSpan warmUp)
    {
        // The pairs file holds one JSON string literal per line, the two strings of a pair on consecutive lines.
        var lines = File.ReadLines(path)
            .Select(line => JsonDocument.Parse(line).RootElement.GetString() ?? throw new JsonException($"{path}: null string"))
            .ToArray();
        var a = lines.Where((_, i) => i % 2 == 0).ToArray();
        var b = lines.Where((_, i) => i % 2 == 1).ToArray();
        if (a.Length == 0 || a.Length != b.Length || samples < 1)
        {
            throw new FormatException($"{path}: expected pairs of lines, and at least one sample.");
        }

        // The export returns the sum of the lengths it was handed: a library that does not get the strings fails here.
        var expected = (uint)a.Zip(b, (x, y) => x.Length + y.Length).Sum();
        if (Batch(a, b) != expected)
        {
            throw new FormatException($"ed_noop_strings did not return the sum of the lengths of the pairs in {path}.");
        }

        // The warm-up lasts long enough for tiered compilation to replace the JIT build's first, unoptimized code of
        // the loop (the optimized code comes about 100 ms after the calls start, from a background thread), so that
        // every build is timed in its steady state; NativeAOT has nothing to replace.
        var warming = Stopwatch.StartNew();
        var one = TimeSpan.Zero;
        do
        {
            var start = Stopwatch.GetTimestamp();
            sink += Batch(a, b);
            one = Stopwatch.GetElapsedTime(start);
        }
        while (warming.Elapsed < warmUp);

        var batches = (int)Math.Clamp(sampleTime.Ticks / Math.Max(1, one.Ticks), 1, 1_000_000);
        var perCall = new double[samples];
        for (var s = 0; s < samples; s++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < batches; i++)
            {
                sink += Batch(a, b);
            }

            perCall[s] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / ((double)batches * a.Length);
        }

        var build = RuntimeFeature.IsDynamicCodeCompiled ? "jit" : "aot";
        Console.WriteLine(string.Join(' ', [build, .. perCall.Select(t => t.ToString("R", CultureInfo.InvariantCulture))]));
        return 0;
    }

    /// <summary>One call per pair; not inlined, so that every build times the same loop around the same call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint Batch(string[] a, string[] b)
    {
        var sum = 0u;
        for (var i = 0; i < a.Length; i++)
        {
            sum += RustBoundary.NoopStrings(a[i], b[i]);
        }

        return sum;
    }
}
