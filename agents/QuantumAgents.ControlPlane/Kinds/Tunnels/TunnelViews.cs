using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.ControlPlane.Kinds.Tunnels;

/// <summary>A tunnel as its tenant sees it, and as each node's IPsec agent gets it in its work.</summary>
public static class TunnelViews
{
    public static TunnelView Tunnel(ServiceResource r, ControlState state)
    {
        ArgumentNullException.ThrowIfNull(r);
        var t = (TunnelSpec)r.Spec;
        var (current, reason) = ResourceViews.Lifecycle(r, state);
        return new TunnelView(r.Id, r.Tenant, current, reason, t.A, t.B, t.ASubnets, t.BSubnets, t.Auth, t.RekeySeconds, r.CreatedAt,
            ResourceViews.Sides(r, state));
    }

    public static TunnelWork Work(ServiceResource r, string node, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(options);
        var t = (TunnelSpec)r.Spec;
        var local = r.SideOf(node)!;
        var remote = r.PeerOf(local);
        // key_ID is the peer's: for a responder the key its initiator took (to fetch), for an
        // initiator the key its responder holds (a fresh key is usable once they match).
        return new TunnelWork(r.Id, local.Role, node, remote.Node, options.Nodes[remote.Node].Address,
            node == t.A ? t.ASubnets : t.BSubnets, node == t.A ? t.BSubnets : t.ASubnets, t.Auth, t.RekeySeconds,
            ResourceViews.SaeOf(node, r.Kind), ResourceViews.SaeOf(remote.Node, r.Kind), remote.KeyId);
    }
}
