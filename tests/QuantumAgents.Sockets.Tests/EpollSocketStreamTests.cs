using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace QuantumAgents.Sockets.Tests;

/// <summary>
/// EpollSocketStream against real loopback TCP: our stream at both ends, or against .NET's own
/// sockets. Every wait is bounded, so a lost wake-up fails a test instead of hanging it.
/// </summary>
public class EpollSocketStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Bytes_cross_both_ways_at_once_byte_exact_between_two_epoll_streams()
    {
        const int size = 32 * 1024 * 1024; // more than loopback buffers hold: writes must wait
        using var listener = Listen(IPAddress.Loopback);
        var accepting = listener.AcceptSocketAsync();
        await using var client = await EpollSocketStream.ConnectAsync(EndpointOf(listener));
        await using var server = new EpollSocketStream(await accepting);
        var toServer = RandomNumberGenerator.GetBytes(size);
        var toClient = RandomNumberGenerator.GetBytes(size);

        var atServer = ReadExactlyAsync(server, size);
        var atClient = ReadExactlyAsync(client, size);
        await Task.WhenAll(client.WriteAsync(toServer).AsTask(), server.WriteAsync(toClient).AsTask(), atServer, atClient).WaitAsync(Bound);

        Assert.Equal(SHA256.HashData(toServer), SHA256.HashData(await atServer));
        Assert.Equal(SHA256.HashData(toClient), SHA256.HashData(await atClient));
    }

    [Fact]
    public async Task A_read_waits_for_the_peers_bytes_and_returns_0_once_the_peer_has_closed()
    {
        var (ours, peer) = await ConnectedToDotNetPeerAsync(IPAddress.Loopback);
        await using var _ = ours;
        using var peerSocket = peer;
        var buffer = new byte[64];

        var reading = ours.ReadAsync(buffer).AsTask();
        await Task.Delay(100);
        Assert.False(reading.IsCompleted);
        await peer.SendAsync(Encoding.ASCII.GetBytes("hello"));
        var read = await reading.WaitAsync(Bound);
        peer.Shutdown(SocketShutdown.Send);

        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(0, await ours.ReadAsync(buffer).AsTask().WaitAsync(Bound));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Disposing_after_a_write_closes_with_FIN_after_every_byte(bool accepted)
    {
        // More than the socket buffers hold, so the close comes while bytes still wait to be
        // sent: a reset (linger 0) would drop them, and the peer would read ECONNRESET.
        var sent = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);
        var (ours, peer) = accepted ? await AcceptedFromDotNetPeerAsync() : await ConnectedToDotNetPeerAsync(IPAddress.Loopback);
        using var peerSocket = peer;

        var writing = WriteAndDisposeAsync(ours, sent);

        await ReceiveAllAsync(peer, sent).WaitAsync(Bound);
        await writing.WaitAsync(Bound);
    }

    [Fact]
    public async Task ShutdownSend_ends_the_peers_reading_while_the_peer_can_still_send_back()
    {
        var (ours, peer) = await ConnectedToDotNetPeerAsync(IPAddress.Loopback);
        await using var _ = ours;
        using var peerSocket = peer;

        await ours.WriteAsync(Encoding.ASCII.GetBytes("request"));
        ours.ShutdownSend();
        var request = new byte[64];
        var read = 0;
        int last;
        while ((last = await peer.ReceiveAsync(request.AsMemory(read)).AsTask().WaitAsync(Bound)) > 0)
        {
            read += last;
        }
        await peer.SendAsync(Encoding.ASCII.GetBytes("answer"));
        peer.Shutdown(SocketShutdown.Send);

        Assert.Equal("request", Encoding.ASCII.GetString(request, 0, read));
        Assert.Equal("answer", Encoding.ASCII.GetString(await ReadExactlyAsync(ours, 6)));
        Assert.Equal(0, await ours.ReadAsync(new byte[1]).AsTask().WaitAsync(Bound));
    }

    private static async Task WriteAndDisposeAsync(EpollSocketStream stream, byte[] bytes)
    {
        await using (stream)
        {
            await stream.WriteAsync(bytes);
        }
    }

    private static async Task ReceiveAllAsync(Socket socket, byte[] expected)
    {
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }
        Assert.Equal(SHA256.HashData(expected), SHA256.HashData(received.ToArray()));
    }

    [Fact]
    public async Task Writes_reach_a_dotnet_peer_over_IPv6()
    {
        var (ours, peer) = await ConnectedToDotNetPeerAsync(IPAddress.IPv6Loopback);
        await using var _ = ours;
        using var peerSocket = peer;
        var sent = RandomNumberGenerator.GetBytes(100_000);

        await ours.WriteAsync(sent).AsTask().WaitAsync(Bound);
        var received = new byte[sent.Length];
        await new NetworkStream(peer).ReadExactlyAsync(received).AsTask().WaitAsync(Bound);

        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task A_waiting_read_ends_when_its_token_is_cancelled_and_the_stream_reads_on()
    {
        var (ours, peer) = await ConnectedToDotNetPeerAsync(IPAddress.Loopback);
        await using var _ = ours;
        using var peerSocket = peer;
        var buffer = new byte[16];
        using var cancel = new CancellationTokenSource();

        var reading = ours.ReadAsync(buffer, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Bound));

        await peer.SendAsync(new byte[] { 42 });
        Assert.Equal(1, await ours.ReadAsync(buffer).AsTask().WaitAsync(Bound));
        Assert.Equal(42, buffer[0]);
    }

    [Fact]
    public async Task Disposing_fails_a_waiting_read_at_once_and_every_read_after_it()
    {
        var (ours, peer) = await ConnectedToDotNetPeerAsync(IPAddress.Loopback);
        using var peerSocket = peer;
        var buffer = new byte[16];

        var reading = ours.ReadAsync(buffer).AsTask();
        await ours.DisposeAsync();

        await Assert.ThrowsAsync<IOException>(() => reading.WaitAsync(Bound));
        await Assert.ThrowsAsync<IOException>(() => ours.ReadAsync(buffer).AsTask());
        Assert.False(ours.CanRead);
    }

    [Fact]
    public async Task Abort_resets_the_connection_and_ends_a_waiting_read()
    {
        var (ours, peer) = await ConnectedToDotNetPeerAsync(IPAddress.Loopback);
        using var peerSocket = peer;
        var reading = ours.ReadAsync(new byte[16]).AsTask();

        ours.Abort();

        await Assert.ThrowsAsync<IOException>(() => reading.WaitAsync(Bound));
        var reset = await Assert.ThrowsAsync<SocketException>(() => peer.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(Bound));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task Connecting_to_a_port_nobody_listens_on_fails_with_connection_refused()
    {
        IPEndPoint closed;
        using (var listener = Listen(IPAddress.Loopback))
        {
            closed = EndpointOf(listener);
        }

        var refused = await Assert.ThrowsAsync<SocketException>(() => EpollSocketStream.ConnectAsync(closed).WaitAsync(Bound));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Two_hundred_connections_ping_pong_at_once_without_a_lost_wake_up()
    {
        using var listener = Listen(IPAddress.Loopback);
        var pairs = new List<(EpollSocketStream Client, EpollSocketStream Server)>();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                var accepting = listener.AcceptSocketAsync();
                var client = await EpollSocketStream.ConnectAsync(EndpointOf(listener));
                pairs.Add((client, new EpollSocketStream(await accepting)));
            }

            await Task.WhenAll(pairs.Select(pair => PingPongAsync(pair.Client, pair.Server, rounds: 50))).WaitAsync(Bound);
        }
        finally
        {
            foreach (var (client, server) in pairs)
            {
                await client.DisposeAsync();
                await server.DisposeAsync();
            }
        }
    }

    private static async Task PingPongAsync(Stream client, Stream server, int rounds)
    {
        var echo = Task.Run(async () =>
        {
            var buffer = new byte[4];
            for (var i = 0; i < rounds; i++)
            {
                await server.ReadExactlyAsync(buffer);
                await server.WriteAsync(buffer);
            }
        });
        var ping = new byte[4];
        var pong = new byte[4];
        for (var i = 0; i < rounds; i++)
        {
            BitConverter.TryWriteBytes(ping, i);
            await client.WriteAsync(ping);
            await client.ReadExactlyAsync(pong);
            Assert.Equal(i, BitConverter.ToInt32(pong));
        }
        await echo;
    }

    private static async Task<(EpollSocketStream Ours, Socket Peer)> ConnectedToDotNetPeerAsync(IPAddress address)
    {
        using var listener = Listen(address);
        var accepting = listener.AcceptSocketAsync();
        var ours = await EpollSocketStream.ConnectAsync(EndpointOf(listener));
        return (ours, await accepting);
    }

    private static async Task<(EpollSocketStream Ours, Socket Peer)> AcceptedFromDotNetPeerAsync()
    {
        var accepted = new TaskCompletionSource<EpollSocketStream>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new EpollSocketListener(new IPEndPoint(IPAddress.Loopback, 0), stream => accepted.SetResult(stream), e => accepted.TrySetException(e));
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(listener.LocalEndPoint).WaitAsync(Bound);
        return (await accepted.Task.WaitAsync(Bound), peer);
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int size)
    {
        var buffer = new byte[size];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private static TcpListener Listen(IPAddress address)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        return listener;
    }

    private static IPEndPoint EndpointOf(TcpListener listener) => (IPEndPoint)listener.LocalEndpoint;
}
