using System.Runtime.InteropServices;

namespace EditDistance.Boundary;

internal static unsafe partial class BoundaryNativeMethods
{
    /// <summary>
    /// <c>ed_noop_strings</c> without the GC transition, declared by hand beside the generated declaration as
    /// dotnet/EditDistance.Rust/NativeMethods.ShortCall.cs declares <c>ed_distance</c>: the export does nothing, so it
    /// meets that file's rule (short, never blocks, never calls back, never throws).
    /// </summary>
    [DllImport(__DllName, EntryPoint = "ed_noop_strings", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    internal static extern uint ed_noop_strings_short(ushort* a, nuint a_len, ushort* b, nuint b_len);
}
