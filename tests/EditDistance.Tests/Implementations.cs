using EditDistance.CSharp;
using EditDistance.Python;
using EditDistance.Remote;
using EditDistance.Rust;
using EditDistance.Tests.Remote;

namespace EditDistance.Tests;

// One subclass per implementation × strategy pair: the whole suite runs against each.

public sealed class CSharpDpTests() : ConformanceTests(new CSharpEditDistance(Strategy.Dp));

public sealed class CSharpBitParallelTests() : ConformanceTests(new CSharpEditDistance(Strategy.BitParallel));

public sealed class RustDpTests() : ConformanceTests(new RustEditDistance(Strategy.Dp));

public sealed class RustBitParallelTests() : ConformanceTests(new RustEditDistance(Strategy.BitParallel));

public sealed class PythonDpTests() : ConformanceTests(new PythonEditDistance(Strategy.Dp))
{
    protected override bool SupportsThreads => false;
}

public sealed class PythonBitParallelTests() : ConformanceTests(new PythonEditDistance(Strategy.BitParallel))
{
    protected override bool SupportsThreads => false;
}

public sealed class RemoteBinaryDpTests() : ConformanceTests(new RemoteEditDistance(Strategy.Dp, SharedServer.EndPoint, WireFormat.Binary));

public sealed class RemoteBinaryBitParallelTests() : ConformanceTests(new RemoteEditDistance(Strategy.BitParallel, SharedServer.EndPoint, WireFormat.Binary));

public sealed class RemoteJsonDpTests() : ConformanceTests(new RemoteEditDistance(Strategy.Dp, SharedServer.EndPoint, WireFormat.Json));

public sealed class RemoteJsonBitParallelTests() : ConformanceTests(new RemoteEditDistance(Strategy.BitParallel, SharedServer.EndPoint, WireFormat.Json));
