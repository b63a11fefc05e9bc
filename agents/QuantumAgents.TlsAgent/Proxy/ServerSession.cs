using QuantumAgents.Contracts;
using QuantumAgents.Core.Limits;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// The server role of a session: an entry in the shared <see cref="ServerListener"/>'s table,
/// with its own connections so that deleting the session closes exactly those.
/// </summary>
public sealed class ServerSession(TlsSessionWork work, Func<ServerListener?> listener, TimeProvider time) : IProxySession
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private volatile string? _refusal;

    public TlsSessionWork Work { get; } = work;

    public SessionTraffic Traffic { get; } = new();

    public bool Up => listener() is { Up: true };

    public string? DownReason => listener() is { } l ? l.DownReason : "the server listener is not running";

    public string? Refusal => _refusal;

    internal LiveConnections Connections { get; } = new();

    /// <summary>
    /// The same budget as the client agent's, as defence in depth. Connections reach this side
    /// after the client's KME call and handshake, whose times vary, so an honest client can
    /// deliver them closer together than it admitted them: twice the burst absorbs a second of
    /// such jitter, so this side never resets (and wastes the key of) a connection the client
    /// admitted within its budget, and a client that ignores the budget is still held to it.
    /// </summary>
    internal TokenBucket Budget { get; } = new(work.ConnectionsPerSecond, 2 * work.ConnectionsPerSecond, time);

    internal CancellationToken Stopping => _stopping.Token;

    public int LiveConnectionCount => Connections.Count;

    /// <summary>
    /// A connection's check of the target refused it: counted, and the session reports failed
    /// with the reason. True when the reason is new (worth a warning; the same one again is not).
    /// </summary>
    internal bool TargetRefused(string reason)
    {
        var before = _refusal;
        _refusal = reason;
        Traffic.Refused(ConnectionRefusal.TargetRefused, reason);
        return before != reason;
    }

    /// <summary>A connection's check of the target passed (a name may resolve elsewhere now): the session is no longer failed for it.</summary>
    internal void TargetAllowed() => _refusal = null;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Connections.DrainAsync(StopTimeout).ConfigureAwait(false);
    }
}
