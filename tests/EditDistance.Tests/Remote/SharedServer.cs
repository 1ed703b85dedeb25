using System.Net;
using EditDistance.Remote;

namespace EditDistance.Tests.Remote;

/// <summary>
/// The one edit-distance-server the test assembly shares: started on first use, stopped when the test host exits.
/// </summary>
/// <remarks>
/// xunit 2 has no assembly fixture, and a collection fixture would put every class that uses the server into one
/// collection, run one after the other. Tests that stop or break a server start their own.
/// </remarks>
internal static class SharedServer
{
    private static readonly Lazy<RemoteServer> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static EndPoint EndPoint => Server.Value.EndPoint;

    private static RemoteServer Start()
    {
        var server = RemoteServer.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }
}
