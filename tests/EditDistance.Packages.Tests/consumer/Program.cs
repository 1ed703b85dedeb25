using EditDistance;
using EditDistance.Rust;

try
{
    var editDistance = new RustEditDistance(Strategy.BitParallel);
    Console.WriteLine($"distance: {editDistance.Distance("kitten", "sitting")}");

    using var corpus = editDistance.CreateCorpus(["sitting", "mitten", "kitten"]);
    Console.WriteLine($"nearest: {string.Join(" ", corpus.Nearest("kitten", k: 2).Select(m => $"{m.Index}:{m.Distance}"))}");

    try
    {
        editDistance.Distance("a\uD800", "b");
    }
    catch (ArgumentException error)
    {
        Console.WriteLine($"error: {error.GetType().Name}: {error.Message}");
    }

    return 0;
}
catch (DllNotFoundException missing)
{
    Console.WriteLine($"missing: {missing.Message}");
    return 2;
}
