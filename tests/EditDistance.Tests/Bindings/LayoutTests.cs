using System.Reflection;
using System.Runtime.InteropServices;
using EditDistance.Rust;

namespace EditDistance.Tests.Bindings;

/// <summary>
/// The memory layout of every type that crosses the C ABI, as the loaded Rust library reports it
/// (<c>ed_type_layout</c>) and as the runtime lays out the generated C# declarations: the text comparison in
/// <see cref="BindingsConsistencyTests"/> checks names and types, this checks the bytes.
/// </summary>
public sealed class LayoutTests
{
    public static TheoryData<uint> AbiTypeIds => [.. NativeMethods.AbiTypes.Select(t => t.Id)];

    [Theory]
    [MemberData(nameof(AbiTypeIds))]
    public void Size_alignment_and_field_offsets_agree_on_both_sides(uint id)
    {
        var managed = NativeMethods.AbiTypes.Single(t => t.Id == id).Managed;
        var native = NativeMethods.NativeLayout(id);
        Assert.Equal(managed.ToString(), native.ToString());
        Assert.Equal(managed, native);
    }

    /// <summary>
    /// The product names each field by hand (reflection over fields needs metadata NativeAOT drops); here, under the
    /// JIT, reflection lists every field of the generated declaration in declaration order, so a field csbindgen adds
    /// and the list forgets is a failure.
    /// </summary>
    [Theory]
    [InlineData(0u, typeof(EdErrorInfo))]
    [InlineData(1u, typeof(EdMatch))]
    [InlineData(2u, typeof(EdStatus))]
    [InlineData(3u, typeof(EdArgument))]
    public void The_hand_listed_field_offsets_are_every_field_of_the_generated_declaration(uint id, Type type)
    {
        var declared = type.IsEnum
            ? []
            : type.GetFields(BindingFlags.Public | BindingFlags.Instance)
                .OrderBy(field => field.MetadataToken)
                .Select(field => (long)Marshal.OffsetOf(type, field.Name))
                .ToArray();
        var listed = NativeMethods.AbiTypes.Single(t => t.Id == id).Managed;
        Assert.Equal(type.Name, listed.Name);
        Assert.Equal(declared, listed.FieldOffsets);
    }

    [Fact]
    public void The_structs_have_the_layout_a_C_compiler_gives_them()
    {
        // Independent of both declarations: what `struct { uint32_t; size_t; size_t; }` and `struct { uint32_t;
        // uint32_t; }` are on a 64-bit target, the only kind this repository builds for.
        Assert.Equal(8, IntPtr.Size);
        Assert.Equal(new TypeLayout("EdErrorInfo", 24, 8, [0, 8, 16]), NativeMethods.NativeLayout(0));
        Assert.Equal(new TypeLayout("EdMatch", 8, 4, [0, 4]), NativeMethods.NativeLayout(1));
    }

    [Fact]
    public void Layouts_compare_by_value_so_that_a_moved_field_is_a_difference()
    {
        var native = NativeMethods.NativeLayout(1);
        var shifted = native with { FieldOffsets = [0, 8], Size = 16 };
        Assert.NotEqual(native, shifted);
        Assert.Empty(NativeMethods.LayoutDifferences());
        NativeMethods.EnsureLayoutsMatch();
    }

    [Fact]
    public void An_unknown_type_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => NativeMethods.NativeLayout(99));
        Assert.Contains("InvalidArgument", e.Message);
    }

    [Fact]
    public void Out_of_memory_in_Rust_is_an_OutOfMemoryException_in_dotnet()
    {
        var e = NativeMethods.ToException(EdStatus.OutOfMemory, default);
        Assert.IsType<OutOfMemoryException>(e);
        Assert.Contains("intact", e.Message);
    }
}
