using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.TlsAgent.Tests.Support;

/// <summary>
/// The service behind the server agent: echoes every byte as it arrives and, at the client's
/// half-close, finishes its own direction (FIN) — so a client that reads the echo to its end has
/// seen both directions and the half-close pass through the agents.
/// </summary>
public sealed class EchoTarget : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    public EchoTarget()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Endpoint => $"127.0.0.1:{Port}";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                _ = EchoAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task EchoAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[32 * 1024];
            try
            {
                int read;
                while ((read = await socket.ReceiveAsync(buffer)) > 0)
                {
                    await socket.SendAsync(buffer.AsMemory(0, read));
                }
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The agent reset us (session deleted): nothing to echo any more.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
