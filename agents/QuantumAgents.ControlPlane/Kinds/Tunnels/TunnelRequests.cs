using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Kinds.Tunnels;

/// <summary>Turns a tunnel request into a spec, or refuses it with a message naming the field.</summary>
public static class TunnelRequests
{
    public const int DefaultRekeySeconds = 3600;
    public const int MinRekeySeconds = 10;
    public const int MaxRekeySeconds = 86_400;

    public static TunnelSpec Tunnel(this RequestValidator validator, TunnelRequest request)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(request);
        var (a, b) = validator.NodePair("a", request.A, "b", request.B);
        var aSubnets = SubnetList("a_subnets", request.ASubnets);
        var bSubnets = SubnetList("b_subnets", request.BSubnets);
        if (Subnets.AnyOverlap(aSubnets, bSubnets))
        {
            throw RequestRefusedException.BadRequest("b_subnets: overlaps a_subnets; the two ends of a tunnel need distinct subnets");
        }
        var auth = request.Auth ?? "psk";
        if (auth is not ("psk" or "ppk"))
        {
            throw RequestRefusedException.BadRequest($"auth: '{auth}' is not one of psk, ppk");
        }
        var rekey = request.RekeySeconds ?? DefaultRekeySeconds;
        if (rekey is < MinRekeySeconds or > MaxRekeySeconds)
        {
            throw RequestRefusedException.BadRequest($"rekey_seconds: between {MinRekeySeconds} and {MaxRekeySeconds}");
        }
        return new TunnelSpec(a, b, aSubnets, bSubnets, auth, rekey);
    }

    private static List<string> SubnetList(string field, List<string>? subnets)
    {
        if (subnets is null || subnets.Count is 0 or > Subnets.MaxPerSide)
        {
            throw RequestRefusedException.BadRequest($"{field}: required, 1 to {Subnets.MaxPerSide} subnets in CIDR form");
        }
        for (var i = 0; i < subnets.Count; i++)
        {
            if (!Subnets.TryParse(subnets[i], out _))
            {
                throw RequestRefusedException.BadRequest($"{field}[{i}]: '{subnets[i]}' is not a subnet in CIDR form (e.g. 198.19.1.0/24)");
            }
        }
        return subnets;
    }
}
