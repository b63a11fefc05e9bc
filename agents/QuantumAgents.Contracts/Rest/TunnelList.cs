namespace QuantumAgents.Contracts;

/// <summary><c>GET /api/v1/ipsec/tunnels</c>.</summary>
public sealed record TunnelList(IReadOnlyList<TunnelView> Tunnels);
