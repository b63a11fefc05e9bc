using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// The server role of a session: an entry in the shared <see cref="ServerListener"/>'s table,
/// with its own connections so that deleting the session closes exactly those.
/// </summary>
public sealed class ServerSession(TlsSessionWork work, Func<ServerListener?> listener) : IProxySession
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();

    public TlsSessionWork Work { get; } = work;

    public SessionTraffic Traffic { get; } = new();

    public bool Up => listener() is { Up: true };

    public string? DownReason => listener() is { } l ? l.DownReason : "the server listener is not running";

    internal LiveConnections Connections { get; } = new();

    internal CancellationToken Stopping => _stopping.Token;

    public int LiveConnectionCount => Connections.Count;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Connections.DrainAsync(StopTimeout).ConfigureAwait(false);
    }
}
