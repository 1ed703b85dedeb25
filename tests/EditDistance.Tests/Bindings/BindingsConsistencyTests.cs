using System.Text.RegularExpressions;
using Xunit;
using RegexMatch = System.Text.RegularExpressions.Match;

namespace EditDistance.Tests.Bindings;

/// <summary>
/// Keeps each generated bindings file in step with the Rust file csbindgen makes it from, without running csbindgen
/// (a crates.io crate, unreachable from the build machines): dotnet/EditDistance.Rust/NativeMethods.g.cs (shipped)
/// with rust/edit_distance/src/ffi.rs, and bench/EditDistance.Boundary/BoundaryNativeMethods.g.cs (benchmarks only)
/// with rust/edit_distance/src/bench.rs, the exports of the `bench` feature. Every export must appear exactly once
/// with the signature csbindgen 1.9.3 maps it to, the file must declare nothing else, and the repr(C) structs and
/// enums must match field for field. A mismatch here is a crash or silent corruption at run time, so it fails the build.
/// </summary>
public sealed partial class BindingsConsistencyTests
{
    /// <summary>A Rust file csbindgen reads and the C# file it writes from it (rust/bindgen/src/main.rs).</summary>
    public sealed record Pair(string RustFile, string GeneratedFile, string Namespace, string Class)
    {
        public string RustSource { get; } = File.ReadAllText(Path.Combine([RepoPaths.Root, .. RustFile.Split('/')]));

        public string Generated { get; } = File.ReadAllText(Path.Combine([RepoPaths.Root, .. GeneratedFile.Split('/')]));

        public override string ToString() => GeneratedFile;
    }

    public static readonly Pair Shipped =
        new("rust/edit_distance/src/ffi.rs", "dotnet/EditDistance.Rust/NativeMethods.g.cs", "EditDistance.Rust", "NativeMethods");

    public static readonly Pair Bench =
        new("rust/edit_distance/src/bench.rs", "bench/EditDistance.Boundary/BoundaryNativeMethods.g.cs", "EditDistance.Boundary", "BoundaryNativeMethods");

    public static TheoryData<string> Pairs => [Shipped.GeneratedFile, Bench.GeneratedFile];

    private static Pair Named(string generatedFile) => new[] { Shipped, Bench }.Single(p => p.GeneratedFile == generatedFile);

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_export_is_declared_once_with_the_mapped_signature(string file)
    {
        var pair = Named(file);
        var exports = RustExports(pair.RustSource);
        var imports = CSharpImports(pair.Generated);
        Assert.NotEmpty(exports);
        foreach (var export in exports)
        {
            var matching = imports.Where(i => i.Name == export.Name).ToList();
            Assert.True(matching.Count == 1, $"{export.Name}: declared {matching.Count} times in {pair.GeneratedFile}");
            Assert.Equal(export.ToString(), matching[0].ToString());
        }

        var extra = imports.Select(i => i.Name).Except(exports.Select(e => e.Name)).ToList();
        Assert.True(extra.Count == 0, $"{pair.GeneratedFile} declares functions {pair.RustFile} does not export: {string.Join(", ", extra)}");
    }

    [Fact]
    public void The_shipped_bindings_declare_no_benchmark_export()
    {
        // The shipped library is built without the bench feature: a declaration of one of its exports there would be
        // an EntryPointNotFoundException waiting for whoever calls it.
        var benchExports = RustExports(Bench.RustSource).Select(e => e.Name).ToList();
        Assert.Contains("ed_noop", benchExports);
        Assert.Contains("ed_bench_allocations", benchExports);
        Assert.Empty(CSharpImports(Shipped.Generated).Select(i => i.Name).Intersect(benchExports));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_DllImport_is_a_parsed_declaration(string file)
    {
        // Guards the parser itself: a declaration it failed to read must not pass unnoticed.
        var generated = Named(file).Generated;
        Assert.Equal(Regex.Count(generated, @"\[DllImport\("), CSharpImports(generated).Count);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_extern_function_is_visible_to_csbindgen(string file)
    {
        // csbindgen silently skips an extern fn without a plain #[no_mangle] (including edition 2024's
        // #[unsafe(no_mangle)]): it would be exported by Rust yet missing from C#.
        var source = Named(file).RustSource;
        var declared = Regex.Matches(source, @"extern ""C"" fn (\w+)").Select(m => m.Groups[1].Value);
        Assert.Equal(declared.Order(), RustExports(source).Select(e => e.Name).Order());
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Structs_match_field_for_field(string file)
    {
        var pair = Named(file);
        var expected = RustStructs(pair.RustSource);
        var actual = CSharpStructs(pair.Generated);
        // Guards the parser: every public struct of the Rust file was read.
        Assert.Equal(Regex.Count(WithoutComments(pair.RustSource), @"pub struct \w+"), expected.Count);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, fields) in expected)
        {
            Assert.Equal(fields, actual[name]);
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Enums_match_variant_for_variant(string file)
    {
        var pair = Named(file);
        var expected = RustEnums(pair.RustSource);
        var actual = CSharpEnums(pair.Generated);
        // Guards the parser: every public enum of the Rust file was read.
        Assert.Equal(Regex.Count(WithoutComments(pair.RustSource), @"pub enum \w+"), expected.Count);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, body) in expected)
        {
            Assert.Equal(body, actual[name]);
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Doc_comments_become_the_summaries(string file)
    {
        var pair = Named(file);
        var imports = CSharpImports(pair.Generated);
        foreach (var export in RustExports(pair.RustSource))
        {
            var import = imports.Single(i => i.Name == export.Name);
            Assert.Equal(export.Summary, import.Summary);
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void File_has_the_generator_header_and_line_endings(string file)
    {
        var pair = Named(file);
        var generated = pair.Generated;
        Assert.StartsWith("// <auto-generated>\n// This code is generated by csbindgen.\n", generated, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', generated);
        Assert.EndsWith("}\n", generated, StringComparison.Ordinal);
        Assert.Contains("const string __DllName = \"edit_distance\";", generated, StringComparison.Ordinal);
        Assert.Contains($"namespace {pair.Namespace}\n{{\n    internal static unsafe partial class {pair.Class}\n", generated, StringComparison.Ordinal);
    }

    internal sealed record Function(string Name, string Return, IReadOnlyList<string> Parameters, string Summary)
    {
        public override string ToString() => $"{Return} {Name}({string.Join(", ", Parameters)})";
    }

    /// <summary>The C# type csbindgen 1.9.3 emits for a Rust parameter, return or field type.</summary>
    internal static string MapType(string rust)
    {
        rust = rust.Trim();

        // A function pointer can not be annotated with ? in C#, so csbindgen emits the Option's inner type.
        var option = Regex.Match(rust, @"^Option\s*<(?<inner>.*)>$", RegexOptions.Singleline);
        if (option.Success)
        {
            return MapType(option.Groups["inner"].Value);
        }

        // With csharp_use_function_pointer (the default), a callback is an unmanaged function pointer: the
        // parameter types (names dropped) then the return type, void when there is none.
        var function = FunctionPointerPattern().Match(rust);
        if (function.Success)
        {
            var types = SplitTopLevel(function.Groups["params"].Value)
                .Select(p => MapType(TypeOfParameter(p)))
                .Append(function.Groups["ret"].Success ? MapType(function.Groups["ret"].Value) : "void");
            return $"delegate* unmanaged[Cdecl]<{string.Join(", ", types)}>";
        }

        foreach (var pointer in new[] { "*const ", "*mut " })
        {
            if (rust.StartsWith(pointer, StringComparison.Ordinal))
            {
                return MapType(rust[pointer.Length..]) + "*";
            }
        }

        // csbindgen keeps a path's last segment: std::ffi::c_void is c_void.
        rust = Regex.Replace(rust, @"^(?:\w+\s*::\s*)+(?=\w+$)", "");
        return rust switch
        {
            "usize" => "nuint",
            "isize" => "nint",
            "u8" or "c_char" or "c_uchar" => "byte",
            "i8" or "c_schar" => "sbyte",
            "u16" => "ushort",
            "i16" => "short",
            "u32" or "char" => "uint",
            "i32" => "int",
            "u64" => "ulong",
            "i64" => "long",
            "f32" => "float",
            "f64" => "double",
            "bool" => "bool",
            "c_void" or "()" => "void",
            _ when Regex.IsMatch(rust, @"^\w+$") => rust,
            _ => throw new NotSupportedException($"csbindgen skips or rewrites the type '{rust}'; keep the ABI to scalars and raw pointers."),
        };
    }

    private static readonly HashSet<string> CSharpKeywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    ];

    /// <summary>
    /// Splits a parameter list at the commas that separate its items, not at those inside a function pointer's
    /// parameters or a generic's arguments (<c>Option&lt;extern "C" fn(a: u32, b: u32)&gt;</c>,
    /// <c>delegate* unmanaged[Cdecl]&lt;void*, uint&gt;</c>). The <c>&gt;</c> of Rust's <c>-&gt;</c> closes nothing.
    /// </summary>
    internal static List<string> SplitTopLevel(string list)
    {
        var items = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            switch (list[i])
            {
                case '(' or '<' or '[':
                    depth++;
                    break;
                case '>' when i > 0 && list[i - 1] == '-':
                    break;
                case ')' or '>' or ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    items.Add(list[start..i]);
                    start = i + 1;
                    break;
            }
        }

        items.Add(list[start..]);
        return items.Select(item => item.Trim()).Where(item => item.Length > 0).ToList();
    }

    /// <summary>The type of a Rust parameter, <c>name: T</c>, or of a function pointer's unnamed parameter, <c>T</c>.</summary>
    private static string TypeOfParameter(string parameter)
    {
        var named = Regex.Match(parameter, @"^\s*(?:\w+|_)\s*:(?!:)(?<type>.*)$", RegexOptions.Singleline);
        return named.Success ? named.Groups["type"].Value : parameter;
    }

    private static string EscapeName(string name) => CSharpKeywords.Contains(name) ? "@" + name : name;

    private static string EscapeXml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    internal static List<Function> RustExports(string source)
    {
        var functions = new List<Function>();
        foreach (RegexMatch m in RustExportPattern().Matches(source))
        {
            var parameters = SplitTopLevel(m.Groups["params"].Value)
                .Select(p => p.Split(':', 2, StringSplitOptions.TrimEntries))
                .Select(p => $"{MapType(p[1])} {EscapeName(p[0])}")
                .ToList();
            var returns = m.Groups["ret"].Success ? MapType(m.Groups["ret"].Value) : "void";
            // Rustdoc keeps the space after ///, and csbindgen writes "/// " before it; a blank doc line is a bare ///.
            var docs = m.Groups["doc"].Captures.Select(c => c.Value.TrimEnd())
                .Select(line => line.Length == 0 || string.IsNullOrWhiteSpace(line) ? "///" : "/// " + EscapeXml(line));
            var summary = m.Groups["doc"].Captures.Count == 0 ? "" : string.Join("\n", ["/// <summary>", .. docs, "/// </summary>"]);
            functions.Add(new Function(m.Groups["name"].Value, returns, parameters, summary));
        }

        return functions;
    }

    internal static List<Function> CSharpImports(string generated)
    {
        var functions = new List<Function>();
        foreach (RegexMatch m in CSharpImportPattern().Matches(generated))
        {
            Assert.Equal(m.Groups["entry"].Value, m.Groups["name"].Value);
            // Split as csbindgen joins them, ", ", but not inside a function pointer's type list.
            var parameters = SplitTopLevel(m.Groups["params"].Value);
            var summary = string.Join("\n", m.Groups["doc"].Captures.Select(c => c.Value.Trim()));
            functions.Add(new Function(m.Groups["name"].Value, m.Groups["ret"].Value, parameters, summary));
        }

        return functions;
    }

    private static string WithoutComments(string source) => Regex.Replace(source, @"^\s*//.*$", "", RegexOptions.Multiline);

    internal static Dictionary<string, List<string>> RustStructs(string source)
    {
        var structs = new Dictionary<string, List<string>>();
        foreach (RegexMatch m in RustStructPattern().Matches(WithoutComments(source)))
        {
            // A struct without #[repr(...)] is opaque to csbindgen: an empty C# struct, used only behind pointers.
            var fields = m.Groups["repr"].Success
                ? Regex.Matches(m.Groups["body"].Value, @"pub (\w+)\s*:\s*([^,]+),")
                    .Select(f => $"{MapType(f.Groups[2].Value)} {EscapeName(f.Groups[1].Value)}").ToList()
                : [];
            structs[m.Groups["name"].Value] = fields;
        }

        return structs;
    }

    internal static Dictionary<string, List<string>> CSharpStructs(string generated) =>
        CSharpStructPattern().Matches(generated).ToDictionary(
            m => m.Groups["name"].Value,
            m => Regex.Matches(m.Groups["body"].Value, @"public (\S+) (\S+);").Select(f => $"{f.Groups[1].Value} {f.Groups[2].Value}").ToList());

    internal static Dictionary<string, string> RustEnums(string source) =>
        RustEnumPattern().Matches(WithoutComments(source)).ToDictionary(
            m => m.Groups["name"].Value,
            m => MapType(m.Groups["repr"].Value) + ": " + string.Join(", ",
                Regex.Matches(m.Groups["body"].Value, @"(\w+)\s*=\s*(-?\d+)").Select(v => $"{v.Groups[1].Value} = {v.Groups[2].Value}")));

    internal static Dictionary<string, string> CSharpEnums(string generated) =>
        CSharpEnumPattern().Matches(generated).ToDictionary(
            m => m.Groups["name"].Value,
            m => m.Groups["repr"].Value + ": " + string.Join(", ",
                Regex.Matches(m.Groups["body"].Value, @"(\w+) = (-?\d+),").Select(v => $"{v.Groups[1].Value} = {v.Groups[2].Value}")));

    // The parameter list is matched with balanced parentheses (a .NET balancing group), because a callback
    // parameter, Option<unsafe extern "C" fn(user_data: *mut c_void, ...) -> u32>, has parentheses of its own.
    [GeneratedRegex(@"(?:^[ \t]*///(?<doc>[^\n]*)\n)*^#\[no_mangle\]\s*pub unsafe extern ""C"" fn (?<name>\w+)\s*\((?<params>(?:[^()]|\((?<open>)|\)(?<-open>))*(?(open)(?!)))\)\s*(?:->\s*(?<ret>[^{]+?))?\s*\{", RegexOptions.Multiline)]
    private static partial Regex RustExportPattern();

    // `extern "C" fn(...)`, optionally `unsafe`, with an optional `-> R`: csbindgen maps both the same way.
    [GeneratedRegex(@"^(?:unsafe\s+)?extern\s+""C""\s+fn\s*\((?<params>(?:[^()]|\((?<open>)|\)(?<-open>))*(?(open)(?!)))\)\s*(?:->\s*(?<ret>.+))?$", RegexOptions.Singleline)]
    private static partial Regex FunctionPointerPattern();

    [GeneratedRegex(@"(?:^[ \t]*(?<doc>///[^\n]*)\n)*^[ \t]*\[DllImport\(__DllName, EntryPoint = ""(?<entry>\w+)"", CallingConvention = CallingConvention\.Cdecl, ExactSpelling = true\)\]\s*internal static extern (?<ret>\S+) (?<name>\w+)\((?<params>[^)]*)\);", RegexOptions.Multiline)]
    private static partial Regex CSharpImportPattern();

    [GeneratedRegex(@"(?<repr>#\[repr\(\w+\)\]\s*)?(?:#\[derive\([^)]*\)\]\s*)?pub struct (?<name>\w+)\s*\{(?<body>[^}]*)\}")]
    private static partial Regex RustStructPattern();

    [GeneratedRegex(@"\[StructLayout\(LayoutKind\.Sequential\)\]\s*internal unsafe partial struct (?<name>\w+)\s*\{(?<body>[^}]*)\}")]
    private static partial Regex CSharpStructPattern();

    [GeneratedRegex(@"#\[repr\((?<repr>\w+)\)\]\s*(?:#\[derive\([^)]*\)\]\s*)?pub enum (?<name>\w+)\s*\{(?<body>[^}]*)\}")]
    private static partial Regex RustEnumPattern();

    [GeneratedRegex(@"internal enum (?<name>\w+) : (?<repr>\w+)\s*\{(?<body>[^}]*)\}")]
    private static partial Regex CSharpEnumPattern();
}
