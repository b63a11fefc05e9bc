namespace QuantumAgents.Core.ControlPlane;

/// <summary>One TLS session as one node's TLS agent should have it.</summary>
/// <param name="MaxConnections">
/// Connections the session carries at once; the agent refuses (resets) one more rather than
/// queueing it. Defaulted so that work from a control plane that does not send it still reads.
/// </param>
public sealed record TlsSessionWork(
    string Id, string Role, string LocalNode, string RemoteNode, string RemoteAddress, int Listen, string Target, string LocalSae, string RemoteSae,
    int MaxConnections = TlsSessionWork.DefaultMaxConnections, int ConnectionsPerSecond = TlsSessionWork.DefaultConnectionsPerSecond)
{
    public const int DefaultMaxConnections = 256;

    public const int DefaultConnectionsPerSecond = 10;

    public const int MostConnectionsPerSecond = 1000;

    /// <summary>The most a session may ask for: each connection holds two sockets and two 64 KiB buffers per agent.</summary>
    public const int MostConnections = 4096;
}
