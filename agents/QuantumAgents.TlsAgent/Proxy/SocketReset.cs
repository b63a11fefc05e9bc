using System.Net.Sockets;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>Closing with RST instead of FIN: the peer must not mistake a failure for a complete transfer.</summary>
public static class SocketReset
{
    public static void Reset(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            if (socket.Connected)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing left to reset.
        }
        socket.Dispose();
    }
}
