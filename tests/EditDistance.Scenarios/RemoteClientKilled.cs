using System.Diagnostics;
using EditDistance.Remote;

namespace EditDistance.Scenarios;

/// <summary>
/// Starts a server, uses it, prints its process id and then kills this process, so that nothing (no Dispose, no exit
/// handler) can stop the server: the test checks that the server stops anyway, at the end of its stdin.
/// </summary>
internal static class RemoteClientKilled
{
    public static int Run(string[] args)
    {
        var server = RemoteServer.Start();
        using var client = new RemoteEditDistance(Strategy.BitParallel, server.EndPoint);
        Console.WriteLine($"distance {client.Distance("kitten", "sitting")}");
        Console.WriteLine($"server {server.ProcessId}");
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill();
        return 0;
    }
}
