using System.Runtime.InteropServices;

namespace EditDistance.Rust;

// No DllImportResolver is registered for this assembly: the runtime's own probing finds the library (the app's
// folder, the runtimes/<rid>/native/ asset its .deps.json lists when it comes from the NuGet package, then the system's
// search path), and NativeAOT binds it at link time when the app links it statically. A library that registered one
// would make a consumer's own NativeLibrary.SetDllImportResolver for this assembly throw (one per assembly).
internal static partial class NativeMethods
{
    /// <summary>The file cargo writes for the <c>edit_distance</c> cdylib on this operating system, for messages.</summary>
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
    /// <exception cref="DllNotFoundException">The runtime found it nowhere; its message lists where it looked.</exception>
    internal static IntPtr Load(DllImportSearchPath? searchPath = null) =>
        NativeLibrary.Load(__DllName, typeof(NativeMethods).Assembly, searchPath);
}
