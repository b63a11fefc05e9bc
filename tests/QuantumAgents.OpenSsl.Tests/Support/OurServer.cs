using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>
/// Our PskTlsStream server on 127.0.0.1 (ephemeral port) for one connection: after the handshake
/// it answers one line with the line upper-cased, then sends close_notify.
/// </summary>
public sealed class OurServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    private OurServer(PskTlsServerContext context)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Completion = ServeAsync(context);
    }

    public int Port { get; }

    /// <summary>The stream after its handshake and reply; faults with the handshake's exception.</summary>
    public Task<PskTlsStream> Completion { get; }

    public static OurServer Start(PskTlsServerContext context) => new(context);

    private async Task<PskTlsStream> ServeAsync(PskTlsServerContext context)
    {
        var socket = await _listener.AcceptSocketAsync();
        var tls = new PskTlsStream(new NetworkStream(socket, ownsSocket: true));
        try
        {
            await tls.AuthenticateAsServerAsync(context);
            var line = new StringBuilder();
            var one = new byte[1];
            while (await tls.ReadAsync(one) == 1 && one[0] != '\n')
            {
                line.Append((char)one[0]);
            }
            await tls.WriteAsync(Encoding.ASCII.GetBytes(line.ToString().ToUpperInvariant() + "\n"));
            await tls.ShutdownAsync();
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        if (Completion.IsCompletedSuccessfully)
        {
            Completion.Result.Dispose();
        }
    }
}
