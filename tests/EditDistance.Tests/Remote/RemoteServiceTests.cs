using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EditDistance.CSharp;
using EditDistance.Remote;

namespace EditDistance.Tests.Remote;

/// <summary>
/// The client as a service user sees it: many callers at once, a server that breaks or stops, Dispose racing calls,
/// starting and stopping the server. The contract itself is the conformance suite's (Implementations.cs).
/// </summary>
public sealed class RemoteServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly IEditDistance Reference = new CSharpEditDistance(Strategy.Dp);
    private static readonly string[] Words = ConformanceTests.Words(300, seed: 23);

    [Theory]
    [InlineData(WireFormat.Binary)]
    [InlineData(WireFormat.Json)]
    public void Sixteen_concurrent_callers_get_verified_answers(WireFormat format)
    {
        using var remote = new RemoteEditDistance(Strategy.BitParallel, SharedServer.EndPoint, format);
        using var corpus = remote.CreateCorpus(Words);
        var expectedNearest = Reference.Nearest("kitten", Words, 4);

        // Each caller has its own pairs, so that a reply delivered to the wrong caller shows as a wrong answer.
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, caller =>
        {
            var random = new Random(caller);
            var pairs = Enumerable.Range(0, 40).Select(_ => (Words[random.Next(Words.Length)], Words[random.Next(Words.Length)] + caller)).ToArray();
            foreach (var (a, b) in pairs)
            {
                Assert.Equal(Reference.Distance(a, b), remote.Distance(a, b));
                Assert.Equal(Math.Min(Reference.Distance(a, b), 3), remote.Distance(a, b, 2));
            }

            Assert.Equal(pairs.Select(p => Reference.Distance(p.Item1, p.Item2)), remote.DistanceBatch(pairs));
            Assert.Equal(expectedNearest, corpus.Nearest("kitten", 4));
            Assert.Equal(expectedNearest, remote.Nearest("kitten", Words, 4));
        });
    }

    [Theory]
    [InlineData(WireFormat.Binary)]
    [InlineData(WireFormat.Json)]
    public void A_batch_answers_pair_by_pair_and_names_the_pair_at_fault(WireFormat format)
    {
        using var remote = new RemoteEditDistance(Strategy.Dp, SharedServer.EndPoint, format);
        Assert.Empty(remote.DistanceBatch([]));
        Assert.Equal([3, 0, 1], remote.DistanceBatch([("kitten", "sitting"), ("", ""), ("\U0001F600", "")]));
        Assert.Equal([2, 0], remote.DistanceBatch([("kitten", "sitting"), ("a", "a")], maxDistance: 1));

        var surrogate = Assert.Throws<ArgumentException>(() => remote.DistanceBatch([("a", "b"), ("ok", "x\uD800")]));
        Assert.Equal("pairs", surrogate.ParamName);
        Assert.StartsWith("String B of pair 1 is not valid UTF-16: lone surrogate at index 1.", surrogate.Message);

        var nullString = Assert.Throws<ArgumentNullException>(() => remote.DistanceBatch([("a", "b"), (null!, "x")], maxDistance: -1));
        Assert.Equal("pairs", nullString.ParamName);
        Assert.StartsWith("String A of pair 1 is null.", nullString.Message);

        Assert.Equal("pairs", Assert.Throws<ArgumentNullException>(() => remote.DistanceBatch(null!)).ParamName);
        Assert.Equal("maxDistance", Assert.Throws<ArgumentOutOfRangeException>(() => remote.DistanceBatch([("a", "b")], -1)).ParamName);
    }

    [Fact]
    public void A_garbage_frame_on_a_raw_socket_leaves_the_server_and_the_client_working()
    {
        using var remote = new RemoteEditDistance(Strategy.Dp, SharedServer.EndPoint, WireFormat.Binary);
        Assert.Equal(3, remote.Distance("kitten", "sitting"));

        using (var raw = Connect(SharedServer.EndPoint))
        {
            raw.Send([0x45, 0x44, 0x01, 0x10]);
            // An unknown operation, then a distance whose strategy byte is 9: each gets an error reply on a
            // connection that stays open, as the length prefix keeps the framing.
            raw.Send([3, 0, 0, 0, 0xEE, 1, 2]);
            Assert.NotEqual(0, ReadFrame(raw)[0]);
            raw.Send([6, 0, 0, 0, 1, 9, 0, 0, 0, 0]);
            Assert.NotEqual(0, ReadFrame(raw)[0]);
            raw.Send([1, 0, 0, 0, 0]);
            Assert.Equal([0], ReadFrame(raw));
        }

        using (var raw = Connect(SharedServer.EndPoint))
        {
            // No known format at all: the server closes the connection.
            raw.Send("GET / HTTP/1.1\r\n\r\n"u8);
            Assert.Equal(0, raw.Receive(new byte[16]));
        }

        Assert.Equal(3, remote.Distance("kitten", "sitting"));
        remote.Ping();
    }

    [Fact]
    public void A_reply_that_does_not_parse_is_RemoteException_and_the_next_call_opens_a_fresh_connection()
    {
        using var fake = new FakeServer(
            // A ping reply with a byte too many, then a proper one on the next connection.
            connection => Answer(connection, [2, 0, 0, 0, 0, 0]),
            connection => Answer(connection, [1, 0, 0, 0, 0]));
        using (var remote = new RemoteEditDistance(Strategy.Dp, fake.EndPoint, WireFormat.Binary))
        {
            var malformed = Assert.Throws<RemoteException>(remote.Ping);
            Assert.Null(malformed.Status);
            Assert.Contains("cannot parse", malformed.Message);
            remote.Ping();
        }

        fake.AssertServed();
    }

    [Fact]
    public void A_call_on_an_idle_connection_the_server_closed_goes_again_on_a_new_one()
    {
        using var closed = new ManualResetEventSlim();
        using var fake = new FakeServer(
            connection =>
            {
                Answer(connection, [1, 0, 0, 0, 0], waitForClose: false);
                connection.Shutdown(SocketShutdown.Both);
                connection.Close();
                closed.Set();
            },
            connection => Answer(connection, [1, 0, 0, 0, 0]));
        using (var remote = new RemoteEditDistance(Strategy.Dp, fake.EndPoint, WireFormat.Binary))
        {
            remote.Ping();
            Assert.True(closed.Wait(Patience));
            remote.Ping();
        }

        fake.AssertServed();
    }

    [Theory]
    [InlineData(WireFormat.Binary, false)]
    [InlineData(WireFormat.Json, true)]
    public void Stopping_the_server_ends_every_call_in_flight_with_an_answer_or_RemoteException(WireFormat format, bool kill)
    {
        var server = RemoteServer.Start();
        using var remote = new RemoteEditDistance(Strategy.Dp, server.EndPoint, format);
        // Long enough (~1 ms in dp) that some calls are inside the server when it stops.
        var a = new string('a', 600);
        var b = new string('b', 600);
        var corpus = remote.CreateCorpus(Words);
        var failures = new ConcurrentQueue<Exception>();
        var remoteExceptions = 0;
        using var started = new CountdownEvent(8);
        var callers = Enumerable.Range(0, 8).Select(caller => new Thread(() =>
        {
            try
            {
                for (var call = 0; ; call++)
                {
                    if (caller % 2 == 0)
                    {
                        Assert.Equal(600, remote.Distance(a, b));
                    }
                    else
                    {
                        Assert.Equal(4, corpus.Nearest("kitten", 4).Count);
                    }

                    if (call == 0)
                    {
                        started.Signal();
                    }
                }
            }
            catch (RemoteException)
            {
                Interlocked.Increment(ref remoteExceptions);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        callers.ForEach(thread => thread.Start());
        Assert.True(started.Wait(Patience), "Not every caller completed a call.");

        if (kill)
        {
            using var process = Process.GetProcessById(server.ProcessId);
            process.Kill();
        }

        server.Dispose();
        Assert.All(callers, thread => Assert.True(thread.Join(Patience), "A call did not end after the server stopped."));
        Assert.Empty(failures);
        Assert.Equal(8, remoteExceptions);

        // Every later call fails the same way, the corpus's too, and disposing it is quiet.
        Assert.Throws<RemoteException>(() => remote.Distance("a", "b"));
        Assert.Throws<RemoteException>(() => corpus.Nearest("kitten", 1));
        corpus.Dispose();
    }

    [Theory]
    [InlineData(nameof(RemoteEditDistance.Distance))]
    [InlineData(nameof(RemoteEditDistance.Nearest))]
    [InlineData(nameof(RemoteEditDistance.CreateCorpus))]
    [InlineData(nameof(RemoteEditDistance.DistanceBatch))]
    public void Disposing_the_client_while_another_thread_calls_it_surfaces_only_ObjectDisposedException(string call)
    {
        var expected = Reference.Nearest("kitten", Words, 2);
        Action<RemoteEditDistance> use = call switch
        {
            nameof(RemoteEditDistance.Distance) => remote => Assert.Equal(3, remote.Distance("kitten", "sitting")),
            nameof(RemoteEditDistance.Nearest) => remote => Assert.Equal(expected, remote.Nearest("kitten", Words, 2)),
            nameof(RemoteEditDistance.CreateCorpus) => remote =>
            {
                // A corpus lives on its own connection: it answers even once its creator is disposed.
                using var corpus = remote.CreateCorpus(Words);
                Assert.Equal(expected, corpus.Nearest("kitten", 2));
            }
            ,
            nameof(RemoteEditDistance.DistanceBatch) => remote => Assert.Equal([3, 0], remote.DistanceBatch([("kitten", "sitting"), ("a", "a")])),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "No such call."),
        };
        DisposeRace.Run(50, () => new RemoteEditDistance(Strategy.BitParallel, SharedServer.EndPoint, WireFormat.Binary), use);
    }

    [Fact]
    public void A_corpus_outlives_its_creator_and_frees_itself_on_the_server()
    {
        ICorpus corpus;
        using (var remote = new RemoteEditDistance(Strategy.Dp, SharedServer.EndPoint, WireFormat.Json))
        {
            corpus = remote.CreateCorpus(["kitten", "sitting"]);
        }

        Assert.Equal([new Match(0, 0)], corpus.Nearest("kitten", 1));
        corpus.Dispose();
        Assert.Throws<ObjectDisposedException>(() => corpus.Nearest("kitten", 1));
    }

    [Fact]
    public void A_request_above_the_servers_frame_limit_is_RemoteException_and_the_next_call_works()
    {
        using var server = RemoteServer.Start(arguments: ["--max-frame", "1000"]);
        using var remote = new RemoteEditDistance(Strategy.Dp, server.EndPoint, WireFormat.Binary);
        var e = Assert.Throws<RemoteException>(() => remote.Distance(new string('a', 400), new string('b', 400)));
        Assert.Equal(RemoteStatus.FrameTooLarge, e.Status);
        Assert.Equal(1, remote.Distance("a", "b"));
    }

    [Fact]
    public void Dispose_stops_the_server_and_removes_the_socket_file()
    {
        var server = RemoteServer.Start();
        using var process = Process.GetProcessById(server.ProcessId);
        if (server.SocketPath is { } path)
        {
            Assert.True(File.Exists(path), $"{path} missing while the server listens");
        }

        using (var remote = new RemoteEditDistance(Strategy.Dp, server.EndPoint))
        {
            remote.Ping();
        }

        server.Dispose();
        Assert.True(process.HasExited);
        Assert.Equal(0, server.ExitCode);
        if (server.SocketPath is { } gone)
        {
            Assert.False(File.Exists(gone));
            Assert.False(Directory.Exists(Path.GetDirectoryName(gone)));
        }

        server.Dispose();
    }

    [Fact]
    public void A_server_on_loopback_TCP_serves_as_well()
    {
        using var server = RemoteServer.Start(tcp: true);
        Assert.Null(server.SocketPath);
        Assert.StartsWith("tcp:127.0.0.1:", server.Address);
        using var remote = new RemoteEditDistance(Strategy.BitParallel, RemoteServer.ParseEndPoint(server.Address), WireFormat.Json);
        Assert.Equal(3, remote.Distance("kitten", "sitting"));
    }

    [Fact]
    public void A_missing_server_executable_is_named_with_every_place_looked_at()
    {
        var empty = Directory.CreateTempSubdirectory("edit-distance-remote-test-").FullName;
        try
        {
            var missing = Path.Combine(empty, "nowhere", RemoteServer.ServerFileName);
            var e = Assert.Throws<FileNotFoundException>(() => RemoteServer.FindServer(missing, empty));
            Assert.Contains(missing, e.Message);
            Assert.Contains(RemoteServer.ServerVariable, e.Message);
            Assert.Contains(Path.Combine(empty, RemoteServer.ServerFileName), e.Message);
            Assert.Contains("rust/target/release", e.Message);
            Assert.Contains("./build.sh CompileRust", e.Message);

            Assert.Throws<FileNotFoundException>(() => RemoteServer.Start(serverPath: missing));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void A_server_that_exits_before_listening_is_reported_with_its_standard_error()
    {
        var e = Assert.Throws<RemoteException>(() => RemoteServer.Start(arguments: ["--no-such-option"]));
        Assert.Contains("exited with code 2", e.Message);
        Assert.Contains("unknown argument --no-such-option", e.Message);
    }

    [Fact]
    public void No_server_at_the_address_is_RemoteException()
    {
        var nowhere = new UnixDomainSocketEndPoint(Path.Combine(Path.GetTempPath(), $"edit-distance-none-{Guid.NewGuid():N}.sock"));
        using var remote = new RemoteEditDistance(Strategy.Dp, nowhere);
        var e = Assert.Throws<RemoteException>(remote.Ping);
        Assert.Contains("Could not connect", e.Message);
        Assert.IsAssignableFrom<IOException>(e);
    }

    [Theory]
    [InlineData("unix:/run/ed.sock")]
    [InlineData("tcp:127.0.0.1:5000")]
    [InlineData("tcp:[::1]:5000")]
    public void Addresses_parse_as_the_server_prints_them(string address) =>
        Assert.Equal(address[(address.IndexOf(':') + 1)..], RemoteServer.ParseEndPoint(address).ToString());

    [Theory]
    [InlineData("/run/ed.sock")]
    [InlineData("tcp:127.0.0.1")]
    [InlineData("unix:")]
    public void Other_addresses_are_refused(string address) =>
        Assert.Throws<FormatException>(() => RemoteServer.ParseEndPoint(address));

    /// <summary>Reads a binary connection's preamble and ping, sends <paramref name="reply"/>, waits for the client to close.</summary>
    private static void Answer(Socket connection, byte[] reply, bool waitForClose = true)
    {
        Assert.Equal([0x45, 0x44, 0x01, 0x10, 1, 0, 0, 0, 0], ReadExactly(connection, 9));
        connection.Send(reply);
        if (waitForClose)
        {
            Assert.Equal(0, connection.Receive(new byte[1]));
        }
    }

    /// <summary>A loopback TCP listener that serves its connections, one handler each, in the order they arrive.</summary>
    private sealed class FakeServer : IDisposable
    {
        private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly Thread thread;
        private Exception? failure;

        public FakeServer(params Action<Socket>[] connections)
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            thread = new Thread(() =>
            {
                try
                {
                    foreach (var serve in connections)
                    {
                        using var connection = listener.Accept();
                        connection.ReceiveTimeout = (int)Patience.TotalMilliseconds;
                        serve(connection);
                    }
                }
                catch (Exception e)
                {
                    failure = e;
                }
            });
            thread.Start();
        }

        public EndPoint EndPoint => listener.LocalEndPoint!;

        /// <summary>Every connection was served as its handler expects.</summary>
        public void AssertServed()
        {
            Assert.True(thread.Join(Patience), "The fake server still waits for a connection.");
            Assert.Null(failure);
        }

        public void Dispose() => listener.Dispose();
    }

    private static Socket Connect(EndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        socket.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        socket.Connect(endPoint);
        return socket;
    }

    private static byte[] ReadFrame(Socket socket)
    {
        var header = ReadExactly(socket, 4);
        return ReadExactly(socket, (int)BinaryPrimitives.ReadUInt32LittleEndian(header));
    }

    private static byte[] ReadExactly(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = socket.Receive(buffer.AsSpan(read));
            Assert.True(n > 0, "The server closed the connection.");
            read += n;
        }

        return buffer;
    }
}
