using System.Net;
using System.Net.Sockets;
using QuantumAgents.Sockets;

namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>
/// Two ends of a real TCP connection on 127.0.0.1 (an ephemeral port), as .NET's NetworkStreams
/// or, with <c>epoll</c>, as <see cref="EpollSocketStream"/>s (how qa-tls-agent carries TLS).
/// </summary>
public sealed class LoopbackConnection : IDisposable
{
    private LoopbackConnection(Stream client, Socket clientSocket, Stream server, Socket serverSocket)
    {
        Client = client;
        ClientSocket = clientSocket;
        Server = server;
        ServerSocket = serverSocket;
    }

    public Stream Client { get; }

    /// <summary>The sockets under the streams, e.g. to cut the connection below TLS.</summary>
    public Socket ClientSocket { get; }

    public Stream Server { get; }

    public Socket ServerSocket { get; }

    public static async Task<LoopbackConnection> OpenAsync(bool epoll = false)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = listener.AcceptSocketAsync();
        if (epoll)
        {
            var ours = await EpollSocketStream.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
            var accepted = await accept;
            accepted.NoDelay = true;
            return new LoopbackConnection(ours, ours.Socket, new EpollSocketStream(accepted), accepted);
        }
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(listener.LocalEndpoint);
        var server = await accept;
        server.NoDelay = true;
        return new LoopbackConnection(new NetworkStream(client, ownsSocket: true), client, new NetworkStream(server, ownsSocket: true), server);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
