using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Kinds.TlsSessions;

/// <summary>A TLS session as its tenant sees it, and as each node's TLS agent gets it in its work.</summary>
public static class TlsSessionViews
{
    public static TlsSessionView TlsSession(ServiceResource r, ControlState state)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = (TlsSessionSpec)r.Spec;
        var (current, reason) = ResourceViews.Lifecycle(r, state);
        return new TlsSessionView(r.Id, r.Tenant, current, reason, s.ClientNode, s.ServerNode, s.Listen, s.Target, s.MaxConnections, s.ConnectionsPerSecond,
            r.CreatedAt, ResourceViews.Sides(r, state));
    }

    public static TlsSessionWork Work(ServiceResource r, string node, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = (TlsSessionSpec)r.Spec;
        var ends = ResourceViews.EndsOf(r, node, options);
        return new TlsSessionWork(r.Id, ends.Local.Role, node, ends.Remote.Node, ends.RemoteAddress, s.Listen, s.Target,
            ends.LocalSae, ends.RemoteSae, s.MaxConnections, s.ConnectionsPerSecond);
    }
}
