using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.Sockets.Tests;

/// <summary>EpollSocketListener on real loopback TCP, with .NET's sockets and our streams as clients.</summary>
public class EpollSocketListenerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_connection_is_handed_over_once_as_a_working_stream()
    {
        var accepted = new ConcurrentQueue<Task>();
        var failures = new ConcurrentQueue<Exception>();
        using var listener = new EpollSocketListener(new IPEndPoint(IPAddress.Loopback, 0), stream => accepted.Enqueue(EchoOnceAsync(stream)), failures.Enqueue);
        Assert.NotEqual(0, listener.LocalEndPoint.Port);

        var clients = Enumerable.Range(0, 100).Select(async i =>
        {
            await using var client = i % 2 == 0
                ? await EpollSocketStream.ConnectAsync(listener.LocalEndPoint)
                : (Stream)await DotNetClientAsync(listener.LocalEndPoint);
            var sent = BitConverter.GetBytes(i);
            await client.WriteAsync(sent);
            var echoed = new byte[4];
            await client.ReadExactlyAsync(echoed);
            Assert.Equal(sent, echoed);
        });
        await Task.WhenAll(clients).WaitAsync(Bound);

        Assert.Equal(100, accepted.Count);
        await Task.WhenAll(accepted).WaitAsync(Bound);
        Assert.Empty(failures);
    }

    [Fact]
    public void A_port_another_socket_holds_is_refused_as_address_in_use()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();

        var refused = Assert.Throws<SocketException>(() =>
            new EpollSocketListener((IPEndPoint)holder.LocalEndpoint, _ => { }, _ => { }).Dispose());

        Assert.Equal(SocketError.AddressAlreadyInUse, refused.SocketErrorCode);
    }

    [Fact]
    public async Task After_dispose_nothing_listens_on_the_port()
    {
        var listener = new EpollSocketListener(new IPEndPoint(IPAddress.Loopback, 0), stream => stream.Dispose(), _ => { });
        var endpoint = listener.LocalEndPoint;

        listener.Dispose();

        var refused = await Assert.ThrowsAsync<SocketException>(() => EpollSocketStream.ConnectAsync(endpoint).WaitAsync(Bound));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task A_handler_that_throws_is_reported_and_its_connection_reset()
    {
        var failures = new ConcurrentQueue<Exception>();
        using var listener = new EpollSocketListener(new IPEndPoint(IPAddress.Loopback, 0), _ => throw new InvalidOperationException("no"), failures.Enqueue);

        // The reset can overtake the end of .NET's connect, or come at the first read.
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var client = await DotNetClientAsync(listener.LocalEndPoint);
            await client.ReadAsync(new byte[1]).AsTask().WaitAsync(Bound);
        });

        var reset = Assert.IsType<SocketException>(error as SocketException ?? error.InnerException);
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        Assert.IsType<InvalidOperationException>(Assert.Single(failures));
    }

    [Fact]
    public async Task A_listener_on_one_loop_serves_there_and_a_connection_made_on_a_loop_stays_on_it()
    {
        var loop = EpollLoop.All[^1];
        using var onward = new TcpListener(IPAddress.Loopback, 0);
        onward.Start();
        var served = new ConcurrentQueue<(EpollLoop? RanOn, EpollLoop Accepted, Task<EpollSocketStream[]> Onward, Task Echo)>();
        var failures = new ConcurrentQueue<Exception>();
        // Two onward connections: the loops' turn would put them on two different loops.
        using var listener = new EpollSocketListener(new IPEndPoint(IPAddress.Loopback, 0), loop, stream =>
            served.Enqueue((EpollLoop.Current, stream.Loop, Task.WhenAll(
                EpollSocketStream.ConnectAsync((IPEndPoint)onward.LocalEndpoint),
                EpollSocketStream.ConnectAsync((IPEndPoint)onward.LocalEndpoint)), EchoOnceAsync(stream))),
            failures.Enqueue);

        Assert.Null(EpollLoop.Current);
        await using var client = await EpollSocketStream.ConnectAsync(listener.LocalEndPoint, loop).WaitAsync(Bound);
        Assert.Same(loop, client.Loop);
        // The echo comes only after the write, so the read waits, and goes on where the loop woke it.
        var ranOnAfterRead = LoopAfterReadingAsync(client, 4);
        await client.WriteAsync(BitConverter.GetBytes(7));
        Assert.Same(loop, await ranOnAfterRead.WaitAsync(Bound));

        var (ranOn, accepted, onwardConnect, echo) = Assert.Single(served);
        Assert.Same(loop, ranOn);
        Assert.Same(loop, accepted);
        foreach (var onwardStream in await onwardConnect.WaitAsync(Bound))
        {
            await using (onwardStream)
            {
                Assert.Same(loop, onwardStream.Loop);
            }
        }
        await echo.WaitAsync(Bound);
        Assert.Empty(failures);
    }

    private static async Task<EpollLoop?> LoopAfterReadingAsync(Stream stream, int size)
    {
        await stream.ReadExactlyAsync(new byte[size]).ConfigureAwait(false);
        return EpollLoop.Current;
    }

    private static async Task EchoOnceAsync(EpollSocketStream stream)
    {
        await using (stream)
        {
            var buffer = new byte[4];
            await stream.ReadExactlyAsync(buffer);
            await stream.WriteAsync(buffer);
        }
    }

    private static async Task<NetworkStream> DotNetClientAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
