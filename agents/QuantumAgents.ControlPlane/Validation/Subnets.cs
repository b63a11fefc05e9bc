using System.Net;

namespace QuantumAgents.ControlPlane.Validation;

/// <summary>CIDR subnets as users give them: <c>198.19.1.0/24</c>, <c>2001:db8::/64</c>.</summary>
public static class Subnets
{
    public const int MaxPerSide = 16;

    /// <summary>A subnet with no host bits set: <c>198.19.1.1/24</c> is refused, it is not what the user meant.</summary>
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 && IPNetwork.TryParse(text, out network)
               && IPAddress.TryParse(text.AsSpan(0, slash), out var address) && address.Equals(network.BaseAddress);
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
