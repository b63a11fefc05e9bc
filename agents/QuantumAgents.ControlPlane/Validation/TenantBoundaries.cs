using System.Net;
using QuantumAgents.ControlPlane.Kinds.TlsSessions;
using QuantumAgents.ControlPlane.Kinds.Tunnels;
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
    private readonly Dictionary<string, NodeBoundaries> _nodes = new(StringComparer.Ordinal);

    public TenantBoundaries(ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = InfrastructureRanges.TryParseAll(options.InfrastructureRanges, out _) ?? [];
        var nodeAddresses = options.Nodes.Values.Select(n => InfrastructureRanges.TryParse(n.Address, out var host) ? host : (IPNetwork?)null).OfType<IPNetwork>();
        _infrastructure = new InfrastructureRanges([.. configured, .. nodeAddresses]);
        // Parsed once (the options were validated): every request is checked against these.
        foreach (var (name, node) in options.Nodes)
        {
            _nodes[name] = new NodeBoundaries(
                [.. node.ClientSubnets.Select(c => new Owned(c.Subnet, Subnet(c.Subnet), PortRange.All, c.Tenants.ToHashSet(StringComparer.Ordinal)))],
                [.. node.TlsTargets.Select(t => new Owned($"{t.Subnet} ports {t.Ports}", Subnet(t.Subnet), Ports(t.Ports), t.Tenants.ToHashSet(StringComparer.Ordinal)))]);
        }
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
        if (!own.Any(t => InfrastructureRanges.Contains(t.Network, address) && t.Ports.Contains(port)))
        {
            throw Forbidden($"target: {spec.Target} is not a TLS target of tenant '{tenant}' on {spec.ServerNode} ({Listing(own.Select(t => t.Text))})");
        }
    }

    private void CheckSubnets(string tenant, string field, string node, IReadOnlyList<string> subnets)
    {
        var own = _nodes[node].ClientSubnets.Where(c => c.Tenants.Contains(tenant)).ToList();
        for (var i = 0; i < subnets.Count; i++)
        {
            var subnet = Subnet(subnets[i]);
            if (_infrastructure.Overlapping(subnet) is { } range)
            {
                throw Forbidden($"{field}[{i}]: {subnets[i]} overlaps {range}, an infrastructure range (management, QKD links, node addresses); no tunnel may carry it");
            }
            if (!own.Any(o => InfrastructureRanges.Covers(o.Network, subnet)))
            {
                throw Forbidden($"{field}[{i}]: {subnets[i]} is not within a client subnet of tenant '{tenant}' on {node} ({Listing(own.Select(o => o.Text))})");
            }
        }
    }

    private static string Listing(IEnumerable<string> own) =>
        own.ToList() is { Count: > 0 } list ? "yours there: " + string.Join(", ", list) : "you have none there; the operator assigns them";

    private static IPNetwork Subnet(string text) => IPNetwork.Parse(text);

    private static PortRange Ports(string text) => PortRange.TryParse(text, out var ports) ? ports : throw new ArgumentException($"ports: {text}", nameof(text));

    /// <summary>A range the operator gave to some tenants, as the refusals name it.</summary>
    private sealed record Owned(string Text, IPNetwork Network, PortRange Ports, HashSet<string> Tenants);

    private sealed record NodeBoundaries(IReadOnlyList<Owned> ClientSubnets, IReadOnlyList<Owned> TlsTargets);

    private static RequestRefusedException Forbidden(string message) => RequestRefusedException.Forbidden(message);
}
