using System.Net;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.Validation;
using QuantumAgents.Core.Net;

namespace QuantumAgents.ControlPlane.Kinds.Tunnels;

/// <summary>
/// A tunnel's subnets must lie in the tenant's client subnets of that node, and touch no
/// infrastructure range (<see cref="TenantBoundaries"/>).
/// </summary>
public sealed class TunnelBoundaries
{
    private readonly TenantBoundaries _shared;
    private readonly Dictionary<string, IReadOnlyList<OwnedRange>> _clientSubnets;

    public TunnelBoundaries(ControlPlaneOptions options, TenantBoundaries shared)
    {
        _shared = shared;
        _clientSubnets = OwnedRange.ByNode(options, node => node.ClientSubnets.Select(c =>
            new OwnedRange(c.Subnet, IPNetwork.Parse(c.Subnet), PortRange.All, c.Tenants.ToHashSet(StringComparer.Ordinal))));
    }

    public void Check(string tenant, TunnelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckSubnets(tenant, "a_subnets", spec.A, spec.ASubnets);
        CheckSubnets(tenant, "b_subnets", spec.B, spec.BSubnets);
    }

    private void CheckSubnets(string tenant, string field, string node, IReadOnlyList<string> subnets)
    {
        var own = _clientSubnets[node].Where(c => c.Tenants.Contains(tenant)).ToList();
        for (var i = 0; i < subnets.Count; i++)
        {
            var subnet = IPNetwork.Parse(subnets[i]);
            if (_shared.Infrastructure.Overlapping(subnet) is { } range)
            {
                throw TenantBoundaries.Forbidden(
                    $"{field}[{i}]: {subnets[i]} overlaps {range}, an infrastructure range (management, QKD links, node addresses); no tunnel may carry it");
            }
            if (!own.Any(o => InfrastructureRanges.Covers(o.Network, subnet)))
            {
                throw TenantBoundaries.Forbidden(
                    $"{field}[{i}]: {subnets[i]} is not within a client subnet of tenant '{tenant}' on {node} ({TenantBoundaries.Listing(own)})");
            }
        }
    }
}
