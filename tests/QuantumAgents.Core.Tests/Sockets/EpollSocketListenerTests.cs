using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using QuantumAgents.Core.Sockets;

namespace QuantumAgents.Core.Tests.Sockets;

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
