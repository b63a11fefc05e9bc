using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Kinds;

namespace QuantumAgents.ControlPlane.State;

/// <summary>A service of some kind (a tunnel, a TLS session): the desired state a tenant created, and both sides' reports.</summary>
public sealed class ServiceResource
{
    public required string Id { get; init; }

    /// <summary>The agent kind serving it on both nodes (<see cref="IServiceKind.AgentKind"/>).</summary>
    public required AgentKind Kind { get; init; }

    public required string Tenant { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>What the tenant asked for, as its kind reads it.</summary>
    public required IServiceSpec Spec { get; init; }

    /// <summary>[a, b] for a tunnel, [client, server] for a TLS session.</summary>
    public required IReadOnlyList<ResourceSide> Sides { get; init; }

    public DateTimeOffset? DeletingSince { get; set; }

    public ResourceSide? SideOf(string node) => Sides.FirstOrDefault(s => s.Node == node);

    public ResourceSide PeerOf(ResourceSide side) => Sides[0] == side ? Sides[1] : Sides[0];

    public bool Involves(string node) => Sides.Any(s => s.Node == node);
}
