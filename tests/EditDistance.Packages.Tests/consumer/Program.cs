using System.Runtime.InteropServices;
using EditDistance;
using EditDistance.CSharp;
using EditDistance.Rust;

// An app may install its own resolver for the package's assembly (to load the library from a folder of its choice):
// the runtime allows one per assembly, and the package installs none, so this cannot throw. IntPtr.Zero hands the
// name back to the runtime's own probing.
NativeLibrary.SetDllImportResolver(typeof(RustEditDistance).Assembly, (_, _, _) => IntPtr.Zero);

try
{
    IEditDistance[] implementations = [new RustEditDistance(Strategy.BitParallel), new CSharpEditDistance(Strategy.BitParallel)];
    foreach (var editDistance in implementations)
    {
        var name = editDistance.Implementation;
        Console.WriteLine($"{name}: distance {editDistance.Distance("kitten", "sitting")}");

        using var corpus = editDistance.CreateCorpus(["sitting", "mitten", "kitten"]);
        Console.WriteLine($"{name}: nearest {string.Join(" ", corpus.Nearest("kitten", k: 2).Select(m => $"{m.Index}:{m.Distance}"))}");

        try
        {
            editDistance.Distance("a\uD800", "b");
        }
        catch (ArgumentException error)
        {
            Console.WriteLine($"{name}: error {error.GetType().Name}: {error.Message}");
        }
    }

    return 0;
}
catch (DllNotFoundException missing)
{
    Console.WriteLine($"missing: {missing.Message}");
    return 2;
}
