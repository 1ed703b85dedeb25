using BenchmarkDotNet.Attributes;
using EditDistance.CSharp;
using EditDistance.Python;
using EditDistance.Rust;

namespace EditDistance.Bench.Benchmarks;

/// <summary>
/// The six implementation × strategy benchmarks of a scenario in which each benchmark needs only its own
/// implementation: one setup per target builds that one, checks its answers (<see cref="Prepare"/>) and keeps it,
/// so that no benchmark pays for building or checking the others (the pure-Python checks alone can take a second).
/// Python runs on a thread that keeps its Python thread state. Baseline: C# Wagner–Fischer.
/// </summary>
/// <remarks>
/// The benchmark methods are declared here and inherited; <see cref="Running.BdnResults"/> reads the scenario from
/// the class being run, not from the declaring one.
/// </remarks>
public abstract class OneImplementationBenchmarks
{
    private PythonThreadState? _pythonThread;

    /// <summary>The implementation the current benchmark times, set by its setup.</summary>
    protected IEditDistance Implementation { get; private set; } = null!;

    [GlobalSetup(Target = nameof(CSharpDp))]
    public void SetupCSharpDp() => Setup(new CSharpEditDistance(Strategy.Dp));

    [GlobalSetup(Target = nameof(CSharpBitParallel))]
    public void SetupCSharpBitParallel() => Setup(new CSharpEditDistance(Strategy.BitParallel));

    [GlobalSetup(Target = nameof(RustDp))]
    public void SetupRustDp() => Setup(new RustEditDistance(Strategy.Dp));

    [GlobalSetup(Target = nameof(RustBitParallel))]
    public void SetupRustBitParallel() => Setup(new RustEditDistance(Strategy.BitParallel));

    [GlobalSetup(Target = nameof(PythonDp))]
    public void SetupPythonDp() => Setup(new PythonEditDistance(Strategy.Dp));

    [GlobalSetup(Target = nameof(PythonBitParallel))]
    public void SetupPythonBitParallel() => Setup(new PythonEditDistance(Strategy.BitParallel));

    [GlobalCleanup]
    public void Cleanup()
    {
        _pythonThread?.Dispose();
        _pythonThread = null;
        Implementation = null!;
    }

    [Benchmark(Baseline = true), Measures("csharp", "dp")]
    public int CSharpDp() => Run();

    [Benchmark, Measures("csharp", "bitparallel")]
    public int CSharpBitParallel() => Run();

    [Benchmark, Measures("rust", "dp")]
    public int RustDp() => Run();

    [Benchmark, Measures("rust", "bitparallel")]
    public int RustBitParallel() => Run();

    [Benchmark, Measures("python", "dp")]
    public int PythonDp() => Run();

    [Benchmark, Measures("python", "bitparallel")]
    public int PythonBitParallel() => Run();

    /// <summary>Reads the inputs and checks <paramref name="implementation"/>'s answers on them; throws on a wrong one.</summary>
    protected abstract void Prepare(IEditDistance implementation);

    /// <summary>What one invocation times, with <see cref="Implementation"/>.</summary>
    protected abstract int Run();

    private void Setup(IEditDistance implementation)
    {
        if (implementation is PythonEditDistance)
        {
            _pythonThread = PythonRuntime.AttachCurrentThread();
        }

        Prepare(implementation);
        Implementation = implementation;
    }
}
