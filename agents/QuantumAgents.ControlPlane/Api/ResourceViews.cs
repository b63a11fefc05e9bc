using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>Resources as users and agents see them.</summary>
public static class ResourceViews
{
    /// <summary>The agents' SAE on a node: each agent is its own SAE at the node's KME.</summary>
    public static string SaeOf(string node, ResourceKind kind) => $"{node}-{kind.Agent().Name()}";

    public static TunnelView Tunnel(ServiceResource r, ControlState state)
    {
        ArgumentNullException.ThrowIfNull(r);
        var t = r.Tunnel!;
        var (current, reason) = Lifecycle(r, state);
        return new TunnelView(r.Id, r.Tenant, current, reason, t.A, t.B, t.ASubnets, t.BSubnets, t.Auth, t.RekeySeconds, r.CreatedAt, Sides(r, state));
    }

    public static TlsSessionView TlsSession(ServiceResource r, ControlState state)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Tls!;
        var (current, reason) = Lifecycle(r, state);
        return new TlsSessionView(r.Id, r.Tenant, current, reason, s.ClientNode, s.ServerNode, s.Listen, s.Target, s.MaxConnections, s.ConnectionsPerSecond, r.CreatedAt, Sides(r, state));
    }

    public static (ResourceState State, string? Reason) Lifecycle(ServiceResource r, ControlState state)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(state);
        return ResourceLifecycle.Of(r, side => state.IsAgentHealthy(side.Node, r.Kind.Agent()));
    }

    public static TunnelWork TunnelWork(ServiceResource r, string node, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(options);
        var t = r.Tunnel!;
        var local = r.SideOf(node)!;
        var remote = r.PeerOf(local);
        // key_ID is the peer's: for a responder the key its initiator took (to fetch), for an
        // initiator the key its responder holds (a fresh key is usable once they match).
        return new TunnelWork(r.Id, local.Role, node, remote.Node, options.Nodes[remote.Node].Address,
            node == t.A ? t.ASubnets : t.BSubnets, node == t.A ? t.BSubnets : t.ASubnets, t.Auth, t.RekeySeconds,
            SaeOf(node, r.Kind), SaeOf(remote.Node, r.Kind), remote.KeyId);
    }

    public static TlsSessionWork TlsSessionWork(ServiceResource r, string node, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(options);
        var s = r.Tls!;
        var local = r.SideOf(node)!;
        var remote = r.PeerOf(local);
        return new TlsSessionWork(r.Id, local.Role, node, remote.Node, options.Nodes[remote.Node].Address, s.Listen, s.Target,
            SaeOf(node, r.Kind), SaeOf(remote.Node, r.Kind), s.MaxConnections, s.ConnectionsPerSecond);
    }

    private static List<SideView> Sides(ServiceResource r, ControlState state) =>
        [.. r.Sides.Select(s => new SideView(s.Node, s.Role, s.State, s.Reason, state.IsAgentHealthy(s.Node, r.Kind.Agent()), s.KeyId, s.Details, s.UpdatedAt))];
}
