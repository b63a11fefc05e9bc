using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Kinds.Tunnels;

/// <summary>
/// Two tunnels conflict when they share a node and, seen from that node, both their local and
/// their remote subnets overlap: charon would have two policies for the same traffic. Tenants
/// own disjoint client subnets, so a conflict is with the tenant's own tunnel unless the operator
/// gave two tenants one subnet; then the other tunnel is not named.
/// </summary>
public static class TunnelConflicts
{
    public static string? Find(TunnelSpec spec, string tenant, IEnumerable<(string Id, string Tenant, TunnelSpec Spec)> others)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(others);
        foreach (var (id, owner, other) in others)
        {
            foreach (var node in new[] { spec.A, spec.B }.Where(n => n == other.A || n == other.B))
            {
                if (Subnets.AnyOverlap(Local(spec, node), Local(other, node)) && Subnets.AnyOverlap(Remote(spec, node), Remote(other, node)))
                {
                    var field = node == spec.A ? "a_subnets" : "b_subnets";
                    return $"{field}: on {node}, the traffic of this tunnel overlaps {(owner == tenant ? id + "'s" : "another tunnel's")}";
                }
            }
        }
        return null;
    }

    private static IReadOnlyList<string> Local(TunnelSpec t, string node) => node == t.A ? t.ASubnets : t.BSubnets;

    private static IReadOnlyList<string> Remote(TunnelSpec t, string node) => node == t.A ? t.BSubnets : t.ASubnets;
}
