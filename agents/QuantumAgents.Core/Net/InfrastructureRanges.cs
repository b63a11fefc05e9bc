using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.Core.Net;

/// <summary>
/// Address ranges no tenant's traffic may claim: a tunnel selector or a TLS target inside them
/// would capture or reach the node itself. The built-in ones (loopback, link-local, multicast,
/// unspecified, broadcast) are refused whatever a configuration says; each deployment adds its
/// own (management network, QKD data links, node addresses). Used by the control plane when it
/// admits a service and again by the agents before they act on one, so a control plane that
/// asks for something it should not still gets nothing.
/// </summary>
public sealed class InfrastructureRanges
{
    /// <summary>The ranges that are never a tenant's, on any node.</summary>
    public static readonly IReadOnlyList<IPNetwork> BuiltIn =
    [
        IPNetwork.Parse("0.0.0.0/8"),          // "this network", the unspecified address
        IPNetwork.Parse("127.0.0.0/8"),        // loopback
        IPNetwork.Parse("169.254.0.0/16"),     // link-local
        IPNetwork.Parse("224.0.0.0/4"),        // multicast
        IPNetwork.Parse("255.255.255.255/32"), // limited broadcast
        IPNetwork.Parse("::/128"),             // unspecified
        IPNetwork.Parse("::1/128"),            // loopback
        IPNetwork.Parse("::ffff:0:0/96"),      // IPv4-mapped: the IPv4 rules apply, not these bits
        IPNetwork.Parse("fe80::/10"),          // link-local
        IPNetwork.Parse("ff00::/8"),           // multicast
    ];

    private readonly IReadOnlyList<IPNetwork> _ranges;

    /// <param name="configured">The deployment's own ranges, as CIDRs or single addresses.</param>
    public InfrastructureRanges(IEnumerable<IPNetwork> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        _ranges = [.. BuiltIn, .. configured];
    }

    /// <summary>Every range refused: the built-in ones first, then the configured ones.</summary>
    public IReadOnlyList<IPNetwork> All => _ranges;

    /// <summary>The first infrastructure range <paramref name="subnet"/> overlaps, if any.</summary>
    public IPNetwork? Overlapping(IPNetwork subnet) =>
        _ranges.Where(r => Overlap(r, subnet)).Select(r => (IPNetwork?)r).FirstOrDefault();

    /// <summary>The infrastructure range holding <paramref name="address"/> (IPv4-mapped IPv6 read as IPv4), if any.</summary>
    public IPNetwork? Holding(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _ranges.Where(r => Contains(r, plain)).Select(r => (IPNetwork?)r).FirstOrDefault();
    }

    /// <summary>Parses CIDRs or single addresses (a host route); null and the text that failed when one does not parse.</summary>
    public static IReadOnlyList<IPNetwork>? TryParseAll(IEnumerable<string> texts, out string? bad)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var parsed = new List<IPNetwork>();
        foreach (var text in texts)
        {
            if (TryParse(text, out var network))
            {
                parsed.Add(network);
                continue;
            }
            bad = text;
            return null;
        }
        bad = null;
        return parsed;
    }

    /// <summary>A CIDR (<c>198.18.255.0/24</c>) or an address, read as its host route (<c>198.18.12.1/32</c>).</summary>
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        // A CIDR with host bits set (198.18.255.1/24) is refused: it is not what the writer meant.
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && IPNetwork.TryParse(text, out network)
               && IPAddress.TryParse(text.AsSpan(0, slash), out var written) && written.Equals(network.BaseAddress);
    }

    /// <summary>Whether two networks share an address (the larger holds the smaller's base).</summary>
    public static bool Overlap(IPNetwork a, IPNetwork b) => Contains(a, b.BaseAddress) || Contains(b, a.BaseAddress);

    /// <summary>Whether <paramref name="outer"/> holds every address of <paramref name="inner"/>.</summary>
    public static bool Covers(IPNetwork outer, IPNetwork inner) => outer.PrefixLength <= inner.PrefixLength && Contains(outer, inner.BaseAddress);

    /// <summary>
    /// Whether the network's prefix bits match the address's, in the same family. Written out
    /// because <see cref="IPNetwork.Contains"/> lets an IPv6 network hold IPv4-mapped addresses
    /// (2001:db8:1::/64 "contains" ::ffff:0.0.0.0), which would refuse honest IPv6 subnets.
    /// </summary>
    public static bool Contains(IPNetwork network, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (network.BaseAddress.AddressFamily != address.AddressFamily)
        {
            return false;
        }
        Span<byte> prefix = stackalloc byte[16];
        Span<byte> bytes = stackalloc byte[16];
        network.BaseAddress.TryWriteBytes(prefix, out var length);
        address.TryWriteBytes(bytes, out _);
        var whole = network.PrefixLength / 8;
        if (!prefix[..whole].SequenceEqual(bytes[..whole]))
        {
            return false;
        }
        var rest = network.PrefixLength % 8;
        var mask = (byte)(0xFF << (8 - rest));
        return rest == 0 || whole >= length || (prefix[whole] & mask) == (bytes[whole] & mask);
    }
}
