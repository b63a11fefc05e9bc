using System.Net;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.Core.Net;

namespace QuantumAgents.ControlPlane.Validation;

/// <summary>
/// What each tenant may touch on each node, as the operator declared it in <c>controld.json</c>:
/// a tunnel's subnets must lie in the tenant's client subnets of that node, a TLS session's
/// target in the tenant's TLS targets of the server node, and neither may touch an
/// infrastructure range (built-in, configured, or a node's address) whatever the lists say.
/// A refusal is 403 naming the field and the range; it names only the caller's own ranges,
/// never whose another range is.
/// </summary>
public sealed class TenantBoundaries
{
    private readonly InfrastructureRanges _infrastructure;
    private readonly Dictionary<string, ControlNodeOptions> _nodes;

    public TenantBoundaries(ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = InfrastructureRanges.TryParseAll(options.InfrastructureRanges, out _) ?? [];
        var nodeAddresses = options.Nodes.Values.Select(n => InfrastructureRanges.TryParse(n.Address, out var host) ? host : (IPNetwork?)null).OfType<IPNetwork>();
        _infrastructure = new InfrastructureRanges([.. configured, .. nodeAddresses]);
        _nodes = options.Nodes;
    }

    public void CheckTunnel(string tenant, TunnelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckSubnets(tenant, "a_subnets", spec.A, spec.ASubnets);
        CheckSubnets(tenant, "b_subnets", spec.B, spec.BSubnets);
    }

    public void CheckTlsSession(string tenant, TlsSessionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (address, port) = TlsTargets.Split(spec.Target);
        if (_infrastructure.Holding(address) is { } range)
        {
            throw Forbidden($"target: {spec.Target} is in {range}, an infrastructure range (management, QKD links, node addresses); no session may reach it");
        }
        var own = _nodes[spec.ServerNode].TlsTargets.Where(t => t.Tenants.Contains(tenant)).ToList();
        if (!own.Any(t => InfrastructureRanges.Contains(Subnet(t.Subnet), address) && PortRange.TryParse(t.Ports, out var ports) && ports.Contains(port)))
        {
            throw Forbidden($"target: {spec.Target} is not a TLS target of tenant '{tenant}' on {spec.ServerNode} ({Listing(own.Select(t => $"{t.Subnet} ports {t.Ports}"))})");
        }
    }

    private void CheckSubnets(string tenant, string field, string node, IReadOnlyList<string> subnets)
    {
        var own = _nodes[node].ClientSubnets.Where(c => c.Tenants.Contains(tenant)).Select(c => c.Subnet).ToList();
        for (var i = 0; i < subnets.Count; i++)
        {
            var subnet = Subnet(subnets[i]);
            if (_infrastructure.Overlapping(subnet) is { } range)
            {
                throw Forbidden($"{field}[{i}]: {subnets[i]} overlaps {range}, an infrastructure range (management, QKD links, node addresses); no tunnel may carry it");
            }
            if (!own.Any(o => InfrastructureRanges.Covers(Subnet(o), subnet)))
            {
                throw Forbidden($"{field}[{i}]: {subnets[i]} is not within a client subnet of tenant '{tenant}' on {node} ({Listing(own)})");
            }
        }
    }

    private static string Listing(IEnumerable<string> own) =>
        own.ToList() is { Count: > 0 } list ? "yours there: " + string.Join(", ", list) : "you have none there; the operator assigns them";

    private static IPNetwork Subnet(string text) => IPNetwork.Parse(text);

    private static RequestRefusedException Forbidden(string message) => RequestRefusedException.Forbidden(message);
}
