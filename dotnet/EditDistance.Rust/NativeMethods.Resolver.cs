using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EditDistance.Rust;

internal static partial class NativeMethods
{
    /// <summary>Names the native library (or the folder holding it) when it is not next to the assembly.</summary>
    internal const string NativeLibraryVariable = "EDIT_DISTANCE_NATIVE";

    /// <summary>
    /// Registers the resolver before any P/Invoke of this assembly runs. A module initializer is the one place
    /// that is guaranteed to run first and once, which <see cref="NativeLibrary.SetDllImportResolver"/> needs
    /// (a second registration for the same assembly throws).
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The resolver must be in place before the first P/Invoke, whichever public type the caller touches first.")]
    internal static void RegisterResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);

    /// <summary>The file cargo writes for the <c>edit_distance</c> cdylib on this operating system.</summary>
    internal static string NativeFileName =>
        OperatingSystem.IsWindows() ? "edit_distance.dll"
        : OperatingSystem.IsMacOS() ? "libedit_distance.dylib"
        : "libedit_distance.so";

    /// <summary>
    /// The native library exactly as this assembly's P/Invokes resolve it, for code that must reach the very library
    /// the wrappers call by other means: the benchmark-only bindings (bench/EditDistance.Boundary, whose exports exist
    /// only in the library the Bench target builds with the <c>bench</c> feature) and the tests that check which
    /// exports the loaded library has. Loading it again returns the same handle.
    /// </summary>
    /// <exception cref="DllNotFoundException">The library was found nowhere; the message says where it looked.</exception>
    internal static IntPtr Load(DllImportSearchPath? searchPath = null) =>
        Resolve(__DllName, typeof(NativeMethods).Assembly, searchPath);

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != __DllName)
        {
            return IntPtr.Zero;
        }

        var tried = new List<string>();
        foreach (var candidate in Candidates(assembly))
        {
            tried.Add(candidate);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        // Last, the platform's own search (LD_LIBRARY_PATH, PATH, the runtime's probing paths).
        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out var fallback))
        {
            return fallback;
        }

        throw new DllNotFoundException(
            $"The native Rust library '{NativeFileName}' was not found (looked at: {string.Join(", ", tried)}, then the " +
            $"system search path). Run `./build.sh CompileRust` to build it into rust/target/release/ and rebuild this " +
            $"project so it is copied next to the assembly, or set {NativeLibraryVariable} to the file or its folder.");
    }

    private static IEnumerable<string> Candidates(Assembly assembly)
    {
        var directory = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(directory))
        {
            yield return Path.Combine(directory, NativeFileName);
        }

        yield return Path.Combine(AppContext.BaseDirectory, NativeFileName);

        var configured = Environment.GetEnvironmentVariable(NativeLibraryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            yield return Directory.Exists(configured) ? Path.Combine(configured, NativeFileName) : configured;
        }
    }
}
