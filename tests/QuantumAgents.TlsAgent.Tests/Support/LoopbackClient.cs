using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.TlsAgent.Tests.Support;

/// <summary>An application's side of a session on loopback: connects to the client agent's listener.</summary>
public static class LoopbackClient
{
    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A connection through both agents, proven by one echoed ping, left open.</summary>
    public static async Task<Socket> EchoedConnectionAsync(int port)
    {
        var socket = await ConnectAsync(port);
        await socket.SendAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await ReceiveExactlyAsync(socket, 4).WaitAsync(TimeSpan.FromSeconds(10)));
        return socket;
    }

    public static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var buffer = new byte[count];
        var total = 0;
        while (total < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total));
            Assert.NotEqual(0, read);
            total += read;
        }
        return buffer;
    }

    /// <summary>
    /// Connects, sends <paramref name="payload"/> and reads until the agent closes or resets the
    /// connection; on loopback the reset can already surface at the connect or the send.
    /// </summary>
    public static async Task ConnectUntilClosedAsync(int port, byte[] payload)
    {
        try
        {
            using var socket = await ConnectAsync(port);
            await socket.SendAsync(payload);
            await ReadToEndOrResetAsync(socket);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
        }
    }

    /// <summary>Connects and closes at once: the cheapest way to make an agent spend a key.</summary>
    public static async Task ConnectAndCloseAsync(int port)
    {
        try
        {
            using var socket = await ConnectAsync(port);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset)
        {
        }
    }

    /// <summary>0 once the agent closed or reset the connection.</summary>
    public static async Task<int> ReadToEndOrResetAsync(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var buffer = new byte[1024];
        try
        {
            while (await socket.ReceiveAsync(buffer) > 0)
            {
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        return 0;
    }
}
