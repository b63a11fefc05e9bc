using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using QuantumAgents.Core.Secrets;
using QuantumAgents.OpenSsl;
using QuantumAgents.Sockets;

namespace QuantumAgents.Bench.Tls;

/// <summary>
/// Our side of the bench: PskTlsStream client and server in this process on loopback TCP, doing
/// what the C baseline does — TLS 1.3 PSK (SHA-384), a fresh PSK session per handshake, no tickets.
/// </summary>
internal sealed class PskLoopback : IDisposable
{
    private const int Chunk = 64 * 1024;

    private readonly byte[] _key = SecretBytes.Random(32).AsSpan().ToArray();
    private readonly PskIdentity _identity = new("bench", "00000000-0000-4000-8000-000000000000");
    private readonly PskTlsClientContext _client = new();
    private readonly PskTlsServerContext _server;

    public PskLoopback()
    {
        _server = new PskTlsServerContext((identity, _) =>
            ValueTask.FromResult(identity == _identity ? SecretBytes.CopyFrom(_key) : null));
    }

    /// <summary>
    /// Connections that each connect, handshake, echo 1 byte and close: <paramref name="parallel"/>
    /// clients one connection after the other, and as many server loops, so that many are in
    /// flight at any time. Handshakes per second. <paramref name="epoll"/>: the async API over
    /// <see cref="EpollSocketStream"/> (qa-tls-agent's TLS connections run on it) instead of
    /// NetworkStream; <paramref name="listenerPerLoop"/> with it: the C event loop's shape.
    /// </summary>
    public async Task<Measurement> HandshakesAsync(int count, int warmUp, bool synchronous, int parallel = 1, bool epoll = false, bool listenerPerLoop = false)
    {
        if (epoll)
        {
            return await EpollHandshakesAsync(count, warmUp, parallel, listenerPerLoop);
        }
        using var listener = Listen();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await ConnectionsAsync(listener, port, warmUp / parallel, synchronous, parallel);
        var start = Measurement.Start();
        await ConnectionsAsync(listener, port, count / parallel, synchronous, parallel);
        return Measurement.Since(start, count / parallel * parallel);
    }

    /// <summary>
    /// The same connections with our epoll loops at both ends, served on the loop that accepted
    /// them. Either one EpollSocketListener over all loops, whose kernel-chosen loop for a
    /// connection's server end is in general not its client's, so the two ends of a connection
    /// wake each other across threads; or, as C's event loop does it, a listener per loop with
    /// its own clients on its own thread (in a real server the clients are other processes).
    /// </summary>
    private async Task<Measurement> EpollHandshakesAsync(int count, int warmUp, int parallel, bool listenerPerLoop)
    {
        var served = new ConcurrentQueue<Task>();
        var failures = new ConcurrentQueue<Exception>();
        void Serve(EpollSocketStream stream) => served.Enqueue(ServeEchoAsync(stream));
        var any = new IPEndPoint(IPAddress.Loopback, 0);
        var loops = EpollLoop.All;
        var listeners = listenerPerLoop
            ? [.. loops.Select(loop => new EpollSocketListener(any, loop, Serve, failures.Enqueue))]
            : new List<EpollSocketListener> { new(any, Serve, failures.Enqueue) };
        try
        {
            // Client i on loop i mod loops; with a listener per loop, it connects to that loop's.
            Task Clients(int perClient) => Task.WhenAll(Enumerable.Range(0, parallel).Select(i =>
                ConnectEchoesAsync(listeners[i % listeners.Count].LocalEndPoint, loops[i % loops.Count], perClient)));
            await Clients(warmUp / parallel);
            var start = Measurement.Start();
            await Clients(count / parallel);
            var measurement = Measurement.Since(start, count / parallel * parallel);
            await Task.WhenAll(served);
            return failures.IsEmpty ? measurement : throw new AggregateException(failures);
        }
        finally
        {
            listeners.ForEach(listener => listener.Dispose());
        }
    }

    private async Task ServeEchoAsync(EpollSocketStream socket)
    {
        var one = new byte[1];
        using var tls = new PskTlsStream(socket);
        await tls.AuthenticateAsServerAsync(_server);
        await tls.ReadExactlyAsync(one);
        await tls.WriteAsync(one);
    }

    private async Task ConnectionsAsync(TcpListener listener, int port, int perClient, bool synchronous, int parallel)
    {
        var acceptsLeft = perClient * parallel;
        bool TakeOne() => Interlocked.Decrement(ref acceptsLeft) >= 0;
        var loops = new List<Task>();
        for (var i = 0; i < parallel; i++)
        {
            // A blocking loop gets a thread of its own, as a blocking C server's would.
            loops.Add(synchronous
                ? Task.Factory.StartNew(() => ServeEchoes(listener, TakeOne), TaskCreationOptions.LongRunning)
                : ServeEchoesAsync(listener, TakeOne));
            loops.Add(synchronous
                ? Task.Factory.StartNew(() => ConnectEchoes(port, perClient), TaskCreationOptions.LongRunning)
                : Task.Run(() => ConnectEchoesAsync(port, perClient)));
        }
        // One failed loop ends the run: the server loops would otherwise wait in accept forever
        // for the connections its client never makes.
        async Task StopAllOnFailure(Task loop)
        {
            try
            {
                await loop;
            }
            catch (Exception)
            {
                listener.Stop();
                throw;
            }
        }
        await Task.WhenAll(loops.Select(StopAllOnFailure));
    }

    private void ConnectEchoes(int port, int connections)
    {
        var one = new byte[1];
        for (var i = 0; i < connections; i++)
        {
            // A .NET socket that has done one async operation emulates blocking calls from then on:
            // the synchronous run connects synchronously too, so its socket stays truly blocking.
            using var tls = new PskTlsStream(Connect(port));
            tls.AuthenticateAsClient(_client, _identity, SecretBytes.CopyFrom(_key));
            tls.Write(one);
            tls.ReadExactly(one);
        }
    }

    private async Task ConnectEchoesAsync(int port, int connections)
    {
        for (var i = 0; i < connections; i++)
        {
            await EchoAsClientAsync(new PskTlsStream(await ConnectAsync(port)));
        }
    }

    private async Task ConnectEchoesAsync(IPEndPoint endpoint, EpollLoop loop, int connections)
    {
        for (var i = 0; i < connections; i++)
        {
            await EchoAsClientAsync(new PskTlsStream(await EpollSocketStream.ConnectAsync(endpoint, loop)));
        }
    }

    private async Task EchoAsClientAsync(PskTlsStream tls)
    {
        using (tls)
        {
            var one = new byte[1];
            await tls.AuthenticateAsClientAsync(_client, _identity, SecretBytes.CopyFrom(_key));
            await tls.WriteAsync(one);
            await tls.ReadExactlyAsync(one);
        }
    }

    /// <summary>One connection, <paramref name="bytes"/> client to server in 64 KiB writes. MB (10^6 bytes) per second.</summary>
    public async Task<Measurement> ThroughputAsync(long bytes)
    {
        using var listener = Listen();
        var server = ReceiveAsync(listener, bytes);
        using var tls = new PskTlsStream(await ConnectAsync(((IPEndPoint)listener.LocalEndpoint).Port));
        await tls.AuthenticateAsClientAsync(_client, _identity, SecretBytes.CopyFrom(_key));
        var chunk = new byte[Chunk];
        var start = Measurement.Start();
        for (var sent = 0L; sent < bytes; sent += Chunk)
        {
            await tls.WriteAsync(chunk.AsMemory(0, (int)Math.Min(Chunk, bytes - sent)));
        }
        await tls.ReadExactlyAsync(new byte[1]); // the server has it all
        var measurement = Measurement.Since(start, bytes / 1e6);
        await server;
        return measurement;
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(128);
        return listener;
    }

    private static async Task<NetworkStream> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new NetworkStream(socket, ownsSocket: true);
    }

    private static NetworkStream Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(IPAddress.Loopback, port);
        return new NetworkStream(socket, ownsSocket: true);
    }

    private async Task ServeEchoesAsync(TcpListener listener, Func<bool> takeOne)
    {
        var one = new byte[1];
        while (takeOne())
        {
            var socket = await listener.AcceptSocketAsync();
            socket.NoDelay = true;
            using var tls = new PskTlsStream(new NetworkStream(socket, ownsSocket: true));
            await tls.AuthenticateAsServerAsync(_server);
            await tls.ReadExactlyAsync(one);
            await tls.WriteAsync(one);
        }
    }

    private void ServeEchoes(TcpListener listener, Func<bool> takeOne)
    {
        var one = new byte[1];
        while (takeOne())
        {
            var socket = listener.AcceptSocket();
            socket.NoDelay = true;
            using var tls = new PskTlsStream(new NetworkStream(socket, ownsSocket: true));
            tls.AuthenticateAsServer(_server);
            tls.ReadExactly(one);
            tls.Write(one);
        }
    }

    private async Task ReceiveAsync(TcpListener listener, long bytes)
    {
        var socket = await listener.AcceptSocketAsync();
        socket.NoDelay = true;
        using var tls = new PskTlsStream(new NetworkStream(socket, ownsSocket: true));
        await tls.AuthenticateAsServerAsync(_server);
        var buffer = new byte[Chunk];
        for (var received = 0L; received < bytes;)
        {
            var read = await tls.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("the client stopped early");
            }
            received += read;
        }
        await tls.WriteAsync(new byte[1]);
    }
}
