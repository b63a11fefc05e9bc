using System.Net;

namespace QuantumAgents.ControlPlane.Validation;

/// <summary>CIDR subnets as users give them: <c>198.19.1.0/24</c>, <c>2001:db8::/64</c>.</summary>
public static class Subnets
{
    public const int MaxPerSide = 16;

    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        // IPNetwork.TryParse accepts "10.0.0.0/8" but also host bits set ("10.0.0.1/8") as an
        // error, which is what a traffic selector needs; a bare address is not a subnet here.
        return text is not null && text.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(text, out network);
    }

    public static bool Overlap(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    public static bool AnyOverlap(IEnumerable<string> a, IEnumerable<string> b)
    {
        var left = a.Select(Parse).ToList();
        return b.Select(Parse).Any(n => left.Any(l => Overlap(l, n)));
    }

    private static IPNetwork Parse(string text) => IPNetwork.Parse(text);
}
