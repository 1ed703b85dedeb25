using System.Diagnostics.CodeAnalysis;
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
        (0, TypeLayout.Of<EdErrorInfo>()),
        (1, TypeLayout.Of<EdMatch>()),
        (2, TypeLayout.Of<EdStatus>()),
        (3, TypeLayout.Of<EdArgument>()),
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
    /// <summary>The layout of <typeparamref name="T"/> as the runtime places it in memory.</summary>
    public static TypeLayout Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>()
        where T : unmanaged
    {
        // Fields in declaration order, which is the order of their offsets: every ABI struct is declared with
        // LayoutKind.Sequential, which places its fields in declaration order. Sorting the offsets rather than the
        // fields' metadata tokens keeps the check under NativeAOT, whose reflection has no tokens. An enum's single
        // instance field is its value, not a field of the ABI type.
        var fields = typeof(T).IsEnum
            ? []
            : typeof(T).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                .Select(field => (long)Marshal.OffsetOf<T>(field.Name))
                .Order()
                .ToArray();
        return new TypeLayout(typeof(T).Name, Unsafe.SizeOf<T>(), Unsafe.SizeOf<Aligned<T>>() - Unsafe.SizeOf<T>(), fields);
    }

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
