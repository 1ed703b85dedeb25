using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

// As in EditDistance.Rust: only blittable signatures compile, so no P/Invoke here is marshalled at run time.
[assembly: DisableRuntimeMarshalling]

namespace EditDistance.Boundary;

internal static partial class BoundaryNativeMethods
{
    /// <summary>The export that only a library built with the <c>bench</c> feature has.</summary>
    private const string BenchOnlyExport = "ed_noop";

    /// <summary>
    /// Registers the resolver before any P/Invoke of this assembly runs: a module initializer is the one place that is
    /// guaranteed to run first and once, which <see cref="NativeLibrary.SetDllImportResolver"/> needs (a second
    /// registration for the same assembly throws). This assembly is the benchmark app's own, never shipped, so no
    /// consumer's resolver can meet it; EditDistance.Rust, which ships, registers none.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The resolver must be in place before the first P/Invoke; the assembly is not shipped.")]
    internal static void RegisterResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(BoundaryNativeMethods).Assembly, Resolve);

    /// <summary>
    /// The library EditDistance.Rust's wrappers call, found as the runtime finds it for them, so that an empty call crosses into the
    /// same library as a real one and the allocation counter counts the real calls' allocations; refused, with the
    /// way out, when it was built without the <c>bench</c> feature.
    /// </summary>
    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != __DllName)
        {
            return IntPtr.Zero;
        }

        var handle = Rust.NativeMethods.Load(searchPath);
        if (!NativeLibrary.TryGetExport(handle, BenchOnlyExport, out _))
        {
            throw new EntryPointNotFoundException(
                $"The native library next to {Path.GetFileName(assembly.Location)} was built without the Rust crate's `bench` " +
                $"feature, so it has no {BenchOnlyExport}: it is the library that ships. `./build.sh Bench` builds one with " +
                "the feature into rust/target/bench/release/ and copies it next to the benchmark app.");
        }

        return handle;
    }
}
