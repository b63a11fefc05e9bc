using QuantumAgents.Contracts;
using QuantumAgents.IpsecAgent.Planning;

namespace QuantumAgents.IpsecAgent.Tests;

/// <summary>Work items and charon snapshots as the planner sees them.</summary>
internal static class Tunnels
{
    public static TunnelWork Initiator(string id) =>
        new(id, TunnelRoles.Initiator, "cait", "rectorado", "198.18.23.3", ["198.19.1.0/24"], ["198.19.3.0/24"], "psk", 3600,
            "cait-ipsec", "rectorado-ipsec", null);

    public static TunnelWork Responder(string id, string? keyId) =>
        new(id, TunnelRoles.Responder, "rectorado", "cait", "198.18.12.1", ["198.19.3.0/24"], ["198.19.1.0/24"], "psk", 3600,
            "rectorado-ipsec", "cait-ipsec", keyId);

    public static Dictionary<string, HeldTunnel> Holding(params (string Id, HeldTunnel Tunnel)[] tunnels) =>
        tunnels.ToDictionary(t => t.Id, t => t.Tunnel, StringComparer.Ordinal);

    public static CharonSnapshot Snapshot(string[]? connections = null, string[]? keys = null, string[]? established = null) =>
        new(Set(connections), Set(keys), Set(established));

    /// <summary>charon running the tunnel completely: connection, key and an SA.</summary>
    public static CharonSnapshot Running(params string[] ids) => Snapshot(ids, ids, ids);

    private static HashSet<string> Set(string[]? ids) => new(ids ?? [], StringComparer.Ordinal);
}
