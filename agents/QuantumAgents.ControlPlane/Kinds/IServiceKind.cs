using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Kinds;

/// <summary>
/// A kind of service a tenant creates (an IPsec tunnel, a TLS session), served by the agent of
/// the same name on both its nodes. <see cref="ControlState"/> keeps what every resource shares
/// (sides, lifecycle, key budget, tenants, agents); a kind says what its spec means. A new kind
/// is a folder under <c>Kinds/</c> implementing this, and one line in <c>ControlPlaneHost</c>.
/// </summary>
public interface IServiceKind
{
    /// <summary>The agent kind serving it: its name in the agent API and in the database's <c>resources.kind</c>.</summary>
    AgentKind AgentKind { get; }

    /// <summary>What a user calls one, in refusals ("no tunnel 'x'").</summary>
    string Noun { get; }

    /// <summary>The REST routes users create, list, show and delete these with.</summary>
    void MapEndpoints(IEndpointRouteBuilder app);

    /// <summary>The spec as the database's <c>resources.spec</c> keeps it: a stored spec must read back whatever version wrote it.</summary>
    string WriteSpec(IServiceSpec spec);

    IServiceSpec ReadSpec(string stored);

    /// <summary>The tenant's usage counters this kind moves: resources created, and seconds they lived.</summary>
    TenantUsage Usage(long created, long seconds);

    /// <summary>
    /// Takes what this kind keeps of a side's report beyond its state (already applied to
    /// <paramref name="side"/>); true when the peer's agent must be woken to act on it.
    /// </summary>
    bool TakeReport(ResourceSide side, SideReport report);

    /// <summary>The agent's work on <paramref name="node"/>: <paramref name="empty"/> with its resources of this kind filled in.</summary>
    WorkView Work(WorkView empty, string node, IReadOnlyList<ServiceResource> resources);
}
