namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>Our client and our server over one loopback TCP connection, both handshakes run together.</summary>
public sealed class PskPair : IDisposable
{
    private readonly LoopbackConnection _connection;

    private PskPair(LoopbackConnection connection)
    {
        _connection = connection;
        Client = new PskTlsStream(connection.Client, leaveInnerStreamOpen: true);
        Server = new PskTlsStream(connection.Server, leaveInnerStreamOpen: true);
    }

    public PskTlsStream Client { get; }

    public PskTlsStream Server { get; }

    public static async Task<PskPair> OpenAsync(bool epoll = false) => new(await LoopbackConnection.OpenAsync(epoll));

    /// <summary>Both handshakes; each task's outcome is returned, not thrown, so a test can look at both sides.</summary>
    public async Task<(Exception? Client, Exception? Server)> HandshakeAsync(
        PskTlsClientContext clientContext, PskIdentity identity, byte[] key, PskTlsServerContext serverContext)
    {
        var server = Server.AuthenticateAsServerAsync(serverContext);
        var client = Client.AuthenticateAsClientAsync(clientContext, identity, TestKeys.Secret(key));
        return (await Outcome(client), await Outcome(server));
    }

    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(30));
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        _connection.Dispose();
    }
}
