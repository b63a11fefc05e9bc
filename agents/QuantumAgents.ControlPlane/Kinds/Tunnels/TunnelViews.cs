using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;

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
        var t = (TunnelSpec)r.Spec;
        var ends = ResourceViews.EndsOf(r, node, options);
        // key_ID is the peer's: for a responder the key its initiator took (to fetch), for an
        // initiator the key its responder holds (a fresh key is usable once they match).
        return new TunnelWork(r.Id, ends.Local.Role, node, ends.Remote.Node, ends.RemoteAddress,
            node == t.A ? t.ASubnets : t.BSubnets, node == t.A ? t.BSubnets : t.ASubnets, t.Auth, t.RekeySeconds,
            ends.LocalSae, ends.RemoteSae, ends.Remote.KeyId);
    }
}
