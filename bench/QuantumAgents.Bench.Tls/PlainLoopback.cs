using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.Bench.Tls;

/// <summary>
/// The same connections as <see cref="PskLoopback.HandshakesAsync"/> without TLS: what .NET's
/// sockets cost alone, so the TLS layer's own share can be told apart from them.
/// </summary>
internal static class PlainLoopback
{
    public static async Task<Measurement> ConnectionsAsync(int count, int warmUp)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(128);
        var server = EchoAsync(listener, count + warmUp);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var one = new byte[1];
        var start = Measurement.Start();
        for (var i = 0; i < count + warmUp; i++)
        {
            if (i == warmUp)
            {
                start = Measurement.Start();
            }
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            using var stream = new NetworkStream(socket, ownsSocket: true);
            await stream.WriteAsync(one);
            await stream.ReadExactlyAsync(one);
        }
        await server;
        return Measurement.Since(start, count);
    }

    private static async Task EchoAsync(TcpListener listener, int connections)
    {
        var one = new byte[1];
        for (var i = 0; i < connections; i++)
        {
            var socket = await listener.AcceptSocketAsync();
            socket.NoDelay = true;
            using var stream = new NetworkStream(socket, ownsSocket: true);
            await stream.ReadExactlyAsync(one);
            await stream.WriteAsync(one);
        }
    }
}
