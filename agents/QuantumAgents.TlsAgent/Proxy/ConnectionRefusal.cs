namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>Why a session reset a new connection instead of carrying it; each is counted in the session's <c>details</c>.</summary>
public enum ConnectionRefusal
{
    /// <summary>The session already carries its <c>max_connections</c>.</summary>
    MaxConnections,

    /// <summary>Over the session's <c>connections_per_second</c>: its key budget.</summary>
    RateLimited,

    /// <summary>The session already has <c>max_handshakes_per_session</c> connections between accept and keyed TLS.</summary>
    HandshakeLimited,

    /// <summary>The session's target is outside what this node allows (server role).</summary>
    TargetRefused,
}
