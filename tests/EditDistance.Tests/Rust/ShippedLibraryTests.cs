using System.Runtime.InteropServices;
using EditDistance.Boundary;
using EditDistance.Rust;
using EditDistance.Tests.Bindings;

namespace EditDistance.Tests.Rust;

/// <summary>
/// The Rust library the tests load, found as the wrappers find it, is the one that ships: every export of ffi.rs and
/// none of the `bench` feature's (bench.rs), which only the library the Bench target builds for the benchmark app has.
/// </summary>
public sealed class ShippedLibraryTests
{
    [Fact]
    public void The_loaded_library_exports_the_API_and_nothing_for_the_benchmarks()
    {
        var handle = NativeMethods.Load();
        var api = BindingsConsistencyTests.RustExports(BindingsConsistencyTests.Shipped.RustSource).Select(e => e.Name).ToList();
        var benchOnly = BindingsConsistencyTests.RustExports(BindingsConsistencyTests.Bench.RustSource).Select(e => e.Name).ToList();
        Assert.Contains("ed_distance", api);
        Assert.Contains("ed_noop", benchOnly);

        Assert.All(api, name => Assert.True(NativeLibrary.TryGetExport(handle, name, out _), $"the loaded library lacks {name}"));
        Assert.All(benchOnly, name => Assert.False(
            NativeLibrary.TryGetExport(handle, name, out _),
            $"the loaded library exports {name}: it was built with the `bench` feature, which must not reach the tests or users"));
    }

    [Fact]
    public void The_benchmark_only_calls_refuse_the_shipped_library_and_say_how_to_get_the_other()
    {
        var error = Assert.Throws<EntryPointNotFoundException>(() => RustBoundary.Noop());
        Assert.Contains("`bench`", error.Message, StringComparison.Ordinal);
        Assert.Contains("./build.sh Bench", error.Message, StringComparison.Ordinal);
        Assert.Throws<EntryPointNotFoundException>(() => RustBoundary.Allocations());
        Assert.Throws<EntryPointNotFoundException>(() => RustBoundary.Lanes(255));
    }
}
