using System.Net;

namespace EditDistance.Remote;

/// <summary>
/// The idle connections of one <see cref="RemoteEditDistance"/>: a caller takes one (or a new one is opened), uses it
/// alone, and returns it, so that concurrent callers each have their own socket instead of queueing on one.
/// </summary>
/// <remarks>
/// A connection is only ever in the pool or in one caller's hands, so <see cref="Dispose"/> closes the idle ones and
/// a call in flight keeps its own until it returns it, when it is closed too: disposing never pulls a socket from
/// under a call. At most <see cref="MaxIdle"/> connections wait in the pool; more concurrent callers open more, and
/// the surplus is closed as they return.
/// </remarks>
internal sealed class ConnectionPool(EndPoint endPoint, WireFormat format, object owner) : IDisposable
{
    internal static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount);

    private readonly Stack<Connection> idle = new();
    private bool disposed;

    public EndPoint EndPoint => endPoint;

    /// <param name="reused">Whether the connection sat idle in the pool (rather than being opened for this call).</param>
    /// <exception cref="ObjectDisposedException">The owner was disposed.</exception>
    /// <exception cref="RemoteException">A new connection was needed and the server cannot be reached.</exception>
    public Connection Take(out bool reused)
    {
        lock (idle)
        {
            ObjectDisposedException.ThrowIf(disposed, owner);
            if (idle.TryPop(out var connection))
            {
                reused = true;
                return connection;
            }
        }

        reused = false;
        return Connection.Open(endPoint, format);
    }

    public void Return(Connection connection)
    {
        if (!connection.Broken)
        {
            connection.Trim();
            lock (idle)
            {
                if (!disposed && idle.Count < MaxIdle)
                {
                    idle.Push(connection);
                    return;
                }
            }
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        Connection[] closing;
        lock (idle)
        {
            disposed = true;
            closing = idle.ToArray();
            idle.Clear();
        }

        foreach (var connection in closing)
        {
            connection.Dispose();
        }
    }
}
