using EditDistance.Scenarios;

// Each scenario is a function of the remaining arguments returning the exit code; the tests start this program in a
// child process and check its exit code and output. Add a scenario as a file of its own and one line here.
var scenarios = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
{
    ["corpus-churn"] = CorpusChurn.Run,
    ["exit-abandons-call"] = ExitAbandonsCall.Run,
    ["exit-idle"] = ExitIdle.Run,
    ["exit-waits-for-call"] = ExitWaitsForCall.Run,
    ["long-input-memory"] = LongInputMemory.Run,
    ["remote-client-killed"] = RemoteClientKilled.Run,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var scenario))
{
    Console.Error.WriteLine(args.Length == 0 ? "No scenario given." : $"Unknown scenario '{args[0]}'.");
    Console.Error.WriteLine("Usage: dotnet EditDistance.Scenarios.dll <scenario> [arguments...]");
    Console.Error.WriteLine($"Scenarios: {string.Join(", ", scenarios.Keys.Order(StringComparer.Ordinal))}");
    return 2;
}

return scenario(args[1..]);
