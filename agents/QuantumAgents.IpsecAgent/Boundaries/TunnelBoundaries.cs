using System.Net;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Net;
using QuantumAgents.IpsecAgent.Options;
using QuantumAgents.IpsecAgent.Planning;

namespace QuantumAgents.IpsecAgent.Boundaries;

/// <summary>
/// Whether a tunnel's traffic selectors stay clear of this node's infrastructure. charon installs
/// an IPsec policy for every selector, so one that covers the management network, a QKD data link
/// or an IKE address would pull that traffic into a tenant's tunnel or drop it, and cut the node
/// off. The control plane refuses such tunnels itself; this is the agent's own check, so that a
/// control plane that asks anyway still gets nothing loaded. Pure: the reconciler asks it before
/// it takes a key or touches charon.
/// </summary>
/// <param name="infrastructure">The built-in ranges and the operator's <c>infrastructure_ranges</c>.</param>
/// <param name="localAddress">This node's IKE address (<c>local_address</c>).</param>
public sealed class TunnelBoundaries(InfrastructureRanges infrastructure, IPAddress localAddress)
{
    /// <summary>The boundaries of validated options: their <c>infrastructure_ranges</c> and <c>local_address</c>.</summary>
    public static TunnelBoundaries From(IpsecAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = InfrastructureRanges.TryParseAll(options.InfrastructureRanges, out var bad)
                         ?? throw new ArgumentException($"infrastructure_ranges: '{bad}' does not parse (options not validated)", nameof(options));
        return new TunnelBoundaries(new InfrastructureRanges(configured), IPAddress.Parse(options.LocalAddress));
    }

    /// <summary>
    /// Why the agent refuses the tunnel ("a_subnets 198.18.0.0/16 covers infrastructure range
    /// 198.18.255.0/24 of this node"); null when both sides' subnets are clear. Side <c>a</c> is
    /// checked first whatever this node's role, so both ends name the same subnet when both refuse.
    /// </summary>
    public string? Refusal(TunnelWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var initiator = work.Role == TunnelRoles.Initiator;
        var (a, b) = initiator ? (work.LocalSubnets, work.RemoteSubnets) : (work.RemoteSubnets, work.LocalSubnets);
        var ike = IkeAddresses(work.RemoteAddress);
        return Refusal("a_subnets", a, ike) ?? Refusal("b_subnets", b, ike);
    }

    private string? Refusal(string side, IReadOnlyList<string>? subnets, IReadOnlyList<(IPNetwork Address, string Owner)> ike)
    {
        if (subnets is null || subnets.Count == 0)
        {
            // charon's default selector is "dynamic": the IKE addresses themselves.
            return $"{side}: none given (charon would tunnel the nodes' own IKE addresses)";
        }
        foreach (var text in subnets)
        {
            // Anything but a CIDR or an address (a range, "dynamic", a name) is refused: the agent
            // cannot tell what charon would make of it.
            if (!InfrastructureRanges.TryParse(text, out var subnet))
            {
                return $"{side} '{text}' is not a CIDR subnet";
            }
            if (infrastructure.Overlapping(subnet) is { } range)
            {
                return InfrastructureRanges.BuiltIn.Contains(range)
                    ? $"{side} {text} {Relation(subnet, range)} built-in infrastructure range {range}"
                    : $"{side} {text} {Relation(subnet, range)} infrastructure range {range} of this node";
            }
            foreach (var (address, owner) in ike)
            {
                if (InfrastructureRanges.Overlap(subnet, address))
                {
                    return $"{side} {text} covers {owner} {address.BaseAddress}";
                }
            }
        }
        return null;
    }

    /// <summary>Both ends' IKE addresses: a selector over either would carry IKE itself into the tunnel.</summary>
    private List<(IPNetwork Address, string Owner)> IkeAddresses(string remoteAddress)
    {
        List<(IPNetwork, string)> addresses = [(HostRoute(localAddress), "this node's IKE address")];
        // The control plane names a peer by address; should an operator give a host name, charon
        // resolves it and the agent cannot check it (the built-in and configured ranges still hold).
        if (IPAddress.TryParse(remoteAddress, out var peer))
        {
            addresses.Add((HostRoute(peer), "the peer's IKE address"));
        }
        return addresses;
    }

    private static IPNetwork HostRoute(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return new IPNetwork(plain, plain.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
    }

    private static string Relation(IPNetwork subnet, IPNetwork range) =>
        InfrastructureRanges.Covers(subnet, range) ? "covers" : InfrastructureRanges.Covers(range, subnet) ? "lies inside" : "overlaps";
}
