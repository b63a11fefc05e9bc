using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.Kinds.TlsSessions;

/// <summary>
/// A TLS session as the user asked for it: the client node's agent listens on <see cref="Listen"/>,
/// the server node's agent connects to <see cref="Target"/>; each agent carries at most
/// <see cref="MaxConnections"/> connections of it at once and accepts at most
/// <see cref="ConnectionsPerSecond"/> new ones, each a fresh QKD key: the session's key budget.
/// (Sessions stored before those fields existed read with the defaults.)
/// </summary>
public sealed record TlsSessionSpec(string ClientNode, string ServerNode, int Listen, string Target,
    int MaxConnections = TlsSessionWork.DefaultMaxConnections, int ConnectionsPerSecond = TlsSessionWork.DefaultConnectionsPerSecond) : IServiceSpec
{
    /// <summary>One key per connection, at most <c>connections_per_second</c> of them (the agents hold it to that).</summary>
    public double KeyBitsPerSecond(int keyBits) => ConnectionsPerSecond * (double)keyBits;
}
