using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>What every resource shows users and agents, whatever its kind (each kind shows its spec).</summary>
public static class ResourceViews
{
    /// <summary>The agents' SAE on a node: each agent is its own SAE at the node's KME.</summary>
    public static string SaeOf(string node, AgentKind agentKind) => $"{node}-{agentKind.Name()}";

    /// <summary>The resource seen from <paramref name="node"/>, one of its sides.</summary>
    public static WorkEnds EndsOf(ServiceResource r, string node, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(options);
        var local = r.SideOf(node)!;
        var remote = r.PeerOf(local);
        return new WorkEnds(local, remote, options.Nodes[remote.Node].Address, SaeOf(node, r.Kind), SaeOf(remote.Node, r.Kind));
    }

    public static (ResourceState State, string? Reason) Lifecycle(ServiceResource r, ControlState state)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(state);
        return ResourceLifecycle.Of(r, side => state.IsAgentHealthy(side.Node, r.Kind));
    }

    public static List<SideView> Sides(ServiceResource r, ControlState state)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(state);
        return [.. r.Sides.Select(s => new SideView(s.Node, s.Role, s.State, s.Reason, state.IsAgentHealthy(s.Node, r.Kind), s.KeyId, s.Details, s.UpdatedAt))];
    }
}
