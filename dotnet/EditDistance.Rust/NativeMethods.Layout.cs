using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

// Every P/Invoke of this assembly must pass blittable data as it is: with runtime marshalling disabled, the compiler
// and the runtime refuse any signature that would need a marshalling stub (a `bool`, a `string`, a class), instead of
// converting it silently on every call.
[assembly: DisableRuntimeMarshalling]

namespace EditDistance.Rust;

internal static unsafe partial class NativeMethods
{
    /// <summary>The types both sides must lay out alike, with the <c>type_id</c> that <c>ed_type_layout</c> knows them by.</summary>
    internal static readonly IReadOnlyList<(uint Id, TypeLayout Managed)> AbiTypes =
    [
        // Each field named by hand, in declaration order: reading them by reflection would need metadata NativeAOT does
        // not keep. The tests check these lists against the generated structs' fields (LayoutTests).
        (0, TypeLayout.Of(static (ref EdErrorInfo e) => [TypeLayout.Offset(ref e, ref e.argument), TypeLayout.Offset(ref e, ref e.item), TypeLayout.Offset(ref e, ref e.position)])),
        (1, TypeLayout.Of(static (ref EdMatch m) => [TypeLayout.Offset(ref m, ref m.index), TypeLayout.Offset(ref m, ref m.distance)])),
        (2, TypeLayout.Of(static (ref EdStatus _) => [])),
        (3, TypeLayout.Of(static (ref EdArgument _) => [])),
    ];

    private static volatile bool layoutsChecked;

    /// <summary>
    /// Compares the layout of every type of the ABI as these bindings declare it with the layout the loaded native
    /// library reports, once per process.
    /// </summary>
    /// <remarks>
    /// The generated declarations are checked against <c>ffi.rs</c> by the tests, but the library found at run time
    /// may come from another build (an old file next to the app or on the system search path): a struct laid out
    /// differently on the two sides would corrupt memory without any error, so the first use refuses it instead.
    /// Four calls, once.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A layout differs; the message lists every difference.</exception>
    internal static void EnsureLayoutsMatch()
    {
        if (layoutsChecked)
        {
            return;
        }

        var differences = LayoutDifferences();
        if (differences.Count > 0)
        {
            throw new InvalidOperationException(
                $"The native library '{NativeFileName}' lays out its types differently from these bindings " +
                $"({string.Join("; ", differences)}): it was built from another version of ffi.rs. Rebuild it " +
                "(`./build.sh CompileRust`) or load the one that ships with this assembly.");
        }

        layoutsChecked = true;
    }

    /// <summary>Every difference between the managed and the native layouts, described; empty when they agree.</summary>
    internal static List<string> LayoutDifferences()
    {
        var differences = new List<string>();
        foreach (var (id, managed) in AbiTypes)
        {
            var native = NativeLayout(id);
            if (native != managed)
            {
                differences.Add($"{managed.Name}: native {native}, managed {managed}");
            }
        }

        return differences;
    }

    /// <summary>What <c>ed_type_layout</c> reports for <paramref name="id"/>.</summary>
    internal static TypeLayout NativeLayout(uint id)
    {
        const int capacity = 8;
        nuint size = 0, align = 0, count = 0;
        var offsets = stackalloc nuint[capacity];
        ThrowIfFailed(ed_type_layout(id, &size, &align, offsets, capacity, &count), default);
        var fields = new long[(int)count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = (long)offsets[i];
        }

        return new TypeLayout(AbiTypeName(id), (long)size, (long)align, fields);
    }

    private static string AbiTypeName(uint id) => id < AbiTypes.Count ? AbiTypes[(int)id].Managed.Name : $"type {id}";
}

/// <summary>Size, alignment and field offsets of a type, in bytes; compared by value.</summary>
internal sealed record TypeLayout(string Name, long Size, long Alignment, long[] FieldOffsets)
{
    /// <summary>The byte offsets of a type's fields, read off a value of it; an enum has none (its value is the whole type).</summary>
    internal delegate long[] OffsetsOf<T>(ref T value);

    /// <summary>The layout of <typeparamref name="T"/> as the runtime places it in memory.</summary>
    public static TypeLayout Of<T>(OffsetsOf<T> fields)
        where T : unmanaged
    {
        var value = default(T);
        return new TypeLayout(typeof(T).Name, Unsafe.SizeOf<T>(), Unsafe.SizeOf<Aligned<T>>() - Unsafe.SizeOf<T>(), fields(ref value));
    }

    /// <summary>How many bytes into <paramref name="owner"/> its field <paramref name="field"/> starts.</summary>
    public static long Offset<T, TField>(ref T owner, ref TField field) =>
        (long)Unsafe.ByteOffset(ref Unsafe.As<T, byte>(ref owner), ref Unsafe.As<TField, byte>(ref field));

    public bool Equals(TypeLayout? other) =>
        other is not null && Size == other.Size && Alignment == other.Alignment && FieldOffsets.SequenceEqual(other.FieldOffsets);

    public override int GetHashCode() => HashCode.Combine(Size, Alignment, FieldOffsets.Length);

    public override string ToString() => $"size {Size}, alignment {Alignment}, field offsets [{string.Join(", ", FieldOffsets)}]";

    /// <summary>A byte followed by a <typeparamref name="T"/>: the padding between them is the alignment of T.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Aligned<T>
        where T : unmanaged
    {
        public byte Pad;
        public T Value;
    }
}
