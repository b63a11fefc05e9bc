using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>Two ends of a real TCP connection on 127.0.0.1 (an ephemeral port).</summary>
public sealed class LoopbackConnection : IDisposable
{
    private LoopbackConnection(NetworkStream client, NetworkStream server)
    {
        Client = client;
        Server = server;
    }

    public NetworkStream Client { get; }

    public NetworkStream Server { get; }

    public static async Task<LoopbackConnection> OpenAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = listener.AcceptSocketAsync();
        await client.ConnectAsync(listener.LocalEndpoint);
        var server = await accept;
        server.NoDelay = true;
        return new LoopbackConnection(new NetworkStream(client, ownsSocket: true), new NetworkStream(server, ownsSocket: true));
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
