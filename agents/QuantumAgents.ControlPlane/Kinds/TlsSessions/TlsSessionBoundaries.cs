using System.Net;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.Validation;
using QuantumAgents.Core.Net;

namespace QuantumAgents.ControlPlane.Kinds.TlsSessions;

/// <summary>
/// A TLS session's target must lie in the tenant's TLS targets of the server node (address and
/// port), and in no infrastructure range (<see cref="TenantBoundaries"/>).
/// </summary>
public sealed class TlsSessionBoundaries
{
    private readonly TenantBoundaries _shared;
    private readonly Dictionary<string, IReadOnlyList<OwnedRange>> _targets;

    public TlsSessionBoundaries(ControlPlaneOptions options, TenantBoundaries shared)
    {
        _shared = shared;
        _targets = OwnedRange.ByNode(options, node => node.TlsTargets.Select(t =>
            new OwnedRange($"{t.Subnet} ports {t.Ports}", IPNetwork.Parse(t.Subnet), Ports(t.Ports), t.Tenants.ToHashSet(StringComparer.Ordinal))));
    }

    public void Check(string tenant, TlsSessionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (address, port) = TlsTargets.Split(spec.Target);
        if (_shared.Infrastructure.Holding(address) is { } range)
        {
            throw TenantBoundaries.Forbidden(
                $"target: {spec.Target} is in {range}, an infrastructure range (management, QKD links, node addresses); no session may reach it");
        }
        var own = _targets[spec.ServerNode].Where(t => t.Tenants.Contains(tenant)).ToList();
        if (!own.Any(t => InfrastructureRanges.Contains(t.Network, address) && t.Ports.Contains(port)))
        {
            throw TenantBoundaries.Forbidden(
                $"target: {spec.Target} is not a TLS target of tenant '{tenant}' on {spec.ServerNode} ({TenantBoundaries.Listing(own)})");
        }
    }

    private static PortRange Ports(string text) => PortRange.TryParse(text, out var ports) ? ports : throw new ArgumentException($"ports: {text}", nameof(text));
}
