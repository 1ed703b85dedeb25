using System.Net;
using System.Net.Sockets;

namespace EditDistance.Remote;

/// <summary>
/// One connection to the server: its socket, its codec and the buffer its replies arrive in, reused by every call.
/// One caller at a time (<see cref="ConnectionPool"/> hands it out); requests and replies alternate, as the server
/// answers one request at a time without ids.
/// </summary>
internal sealed class Connection : IDisposable
{
    private readonly Socket socket;
    private readonly MessageBuffer received = new();

    private Connection(Socket socket, WireCodec codec)
    {
        this.socket = socket;
        Codec = codec;
    }

    public WireCodec Codec { get; }

    /// <summary>
    /// The connection is in an unknown state (a request without its whole reply, a reply that did not parse, a server
    /// that said it is closing it): it must not carry another request.
    /// </summary>
    public bool Broken { get; private set; }

    /// <summary>
    /// The last exchange failed with the connection lost before a byte of the reply arrived: on a connection that sat
    /// idle, the server most likely closed it meanwhile (it stopped or restarted), and the request may go again on
    /// another connection.
    /// </summary>
    public bool LostBeforeReply { get; private set; }

    /// <param name="endPoint">The server.</param>
    /// <param name="format">The connection's wire format.</param>
    /// <param name="timeout">Longest wait for one send or receive; by default none (a search may take long).</param>
    /// <exception cref="RemoteException">The server cannot be reached.</exception>
    public static Connection Open(EndPoint endPoint, WireFormat format, TimeSpan? timeout = null)
    {
        var tcp = endPoint is not UnixDomainSocketEndPoint;
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, tcp ? ProtocolType.Tcp : ProtocolType.Unspecified);
        WireCodec? codec = null;
        try
        {
            if (tcp)
            {
                // A request is one small write followed by a wait for the reply: Nagle's algorithm would hold it back
                // for an acknowledgement that the server delays, tens of milliseconds per call.
                socket.NoDelay = true;
            }

            if (timeout is { } limit)
            {
                socket.SendTimeout = socket.ReceiveTimeout = (int)limit.TotalMilliseconds;
            }

            socket.Connect(endPoint);
            codec = WireCodec.Create(format);
            Send(socket, codec.Preamble);
            return new Connection(socket, codec);
        }
        catch (SocketException e)
        {
            codec?.Dispose();
            socket.Dispose();
            throw new RemoteException($"Could not connect to the edit-distance server at {Describe(endPoint)}: {e.Message}", e);
        }
        catch
        {
            codec?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The address as the server prints it in its "listening" line: <c>unix:PATH</c> or <c>tcp:HOST:PORT</c>.</summary>
    public static string Describe(EndPoint endPoint) => endPoint is UnixDomainSocketEndPoint ? $"unix:{endPoint}" : $"tcp:{endPoint}";

    /// <summary>
    /// Sends the request in <see cref="WireCodec.Request"/> and waits for the whole reply; returns its payload, valid
    /// until the next call.
    /// </summary>
    /// <exception cref="RemoteException">The connection was lost, or the reply is not framed as the protocol says.</exception>
    public ReadOnlySpan<byte> RoundTrip()
    {
        if (Broken)
        {
            throw new RemoteException("The connection to the edit-distance server was lost earlier.");
        }

        // Set until the whole reply is in: whatever interrupts the exchange leaves the connection unusable.
        Broken = true;
        received.Clear();
        try
        {
            Send(socket, Codec.Request.WrittenSpan);
            var scanned = 0;
            while (true)
            {
                if (Codec.TryFrame(received.WrittenSpan, ref scanned, out var payload, out var frameLength, out var wanted))
                {
                    if (frameLength != received.Length)
                    {
                        throw WireCodec.Malformed($"{received.Length - frameLength} bytes after the reply");
                    }

                    Broken = false;
                    return received.WrittenSpan[payload];
                }

                var count = socket.Receive(received.GetSpan(wanted - received.Length));
                if (count == 0)
                {
                    LostBeforeReply = received.Length == 0;
                    throw new RemoteException(received.Length == 0
                        ? "The edit-distance server closed the connection without replying (it stopped or is shutting down)."
                        : "The edit-distance server closed the connection in the middle of a reply.");
                }

                received.Advance(count);
            }
        }
        catch (SocketException e)
        {
            LostBeforeReply = received.Length == 0;
            throw new RemoteException($"The connection to the edit-distance server was lost: {e.Message}", e);
        }
    }

    /// <summary>Called with a failure of a call on this connection: after some, the connection cannot be used again.</summary>
    public void Fails(RemoteException failure)
    {
        // No status: the client's own finding (a reply that does not parse). The two statuses: the server closes the
        // connection after sending them.
        if (failure.Status is null or RemoteStatus.FrameTooLarge or RemoteStatus.ShuttingDown)
        {
            Broken = true;
        }
    }

    /// <summary>Gives back buffers that grew for one large message.</summary>
    public void Trim()
    {
        Codec.Request.Trim();
        received.Trim();
    }

    public void Dispose()
    {
        Broken = true;
        socket.Dispose();
        Codec.Dispose();
        received.Dispose();
    }

    private static void Send(Socket socket, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[socket.Send(bytes)..];
        }
    }
}
