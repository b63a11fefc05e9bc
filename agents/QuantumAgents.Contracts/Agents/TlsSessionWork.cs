namespace QuantumAgents.Contracts;

/// <summary>One TLS session as one node's TLS agent should have it.</summary>
/// <param name="MaxConnections">
/// Connections the session carries at once; the agent refuses (resets) one more rather than
/// queueing it. Defaulted so that work from a control plane that does not send it still reads.
/// </param>
/// <param name="ConnectionsPerSecond">
/// The session's key budget: new connections per second the agents admit (each costs one QKD
/// key), with a burst of as many. One over it is reset before it draws a key. Defaulted, last,
/// so that work from a control plane that does not send it still reads.
/// </param>
public sealed record TlsSessionWork(
    string Id, string Role, string LocalNode, string RemoteNode, string RemoteAddress, int Listen, string Target, string LocalSae, string RemoteSae,
    int MaxConnections = TlsSessionWork.DefaultMaxConnections,
    int ConnectionsPerSecond = TlsSessionWork.DefaultConnectionsPerSecond)
{
    public const int DefaultMaxConnections = 256;

    /// <summary>The most a session may ask for: each connection holds two sockets and two 64 KiB buffers per agent.</summary>
    public const int MostConnections = 4096;

    /// <summary>New connections per second (so keys per second) a session gets unless its request says otherwise.</summary>
    public const int DefaultConnectionsPerSecond = 10;

    /// <summary>
    /// The most a session may ask for: about what one agent's handshakes reach on a small node
    /// (bench/tls), and far above what one QKD link feeds for long (a 256-bit key each).
    /// </summary>
    public const int MostConnectionsPerSecond = 1000;
}
