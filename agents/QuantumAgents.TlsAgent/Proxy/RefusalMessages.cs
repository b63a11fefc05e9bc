using QuantumAgents.Contracts;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// The <c>last_error</c> of a refused connection: which limit, with its value. (A refused target
/// reports the policy's own reason, which names the address and why; this is its fallback.)
/// </summary>
public static class RefusalMessages
{
    public static string Of(ConnectionRefusal reason, TlsSessionWork work, int maxHandshakes)
    {
        ArgumentNullException.ThrowIfNull(work);
        return reason switch
        {
            ConnectionRefusal.MaxConnections => $"refused a connection: the session already carries its max_connections ({work.MaxConnections})",
            ConnectionRefusal.RateLimited => $"refused a connection: over the session's connections_per_second ({work.ConnectionsPerSecond})",
            ConnectionRefusal.HandshakeLimited => $"refused a connection: the session already has max_handshakes_per_session ({maxHandshakes}) in progress",
            ConnectionRefusal.TargetRefused => $"refused a connection: its target {work.Target} is refused on this node",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
        };
    }
}
