using System.Text.RegularExpressions;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Routing;

namespace QuantumAgents.ControlPlane.Validation;

/// <summary>Turns request bodies into specs, or refuses them with a message naming the field.</summary>
public sealed partial class RequestValidator(ControlPlaneOptions options, Topology topology)
{
    public const int DefaultRekeySeconds = 3600;
    public const int MinRekeySeconds = 10;
    public const int MaxRekeySeconds = 86_400;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,31}\z")]
    private static partial Regex TenantName();

    public TunnelSpec Tunnel(TunnelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (a, b) = NodePair("a", request.A, "b", request.B);
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

    public TlsSessionSpec TlsSession(TlsSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (client, server) = NodePair("client_node", request.ClientNode, "server_node", request.ServerNode);
        if (request.Listen is not { } listen || listen is < 1 or > 65535)
        {
            throw RequestRefusedException.BadRequest("listen: required, a TCP port between 1 and 65535 on the client node");
        }
        if (!TlsTargets.TryParse(request.Target, out _, out _))
        {
            throw RequestRefusedException.BadRequest(
                "target: required, ADDRESS:PORT reachable from the server node (an IP address, IPv6 in brackets; not a name: targets are allowed by address)");
        }
        var maxConnections = request.MaxConnections ?? TlsSessionWork.DefaultMaxConnections;
        if (maxConnections is < 1 or > TlsSessionWork.MostConnections)
        {
            throw RequestRefusedException.BadRequest(
                $"max_connections: connections carried at once, 1 to {TlsSessionWork.MostConnections} (default {TlsSessionWork.DefaultMaxConnections})");
        }
        var perSecond = request.ConnectionsPerSecond ?? TlsSessionWork.DefaultConnectionsPerSecond;
        if (perSecond is < 1 or > TlsSessionWork.MostConnectionsPerSecond)
        {
            throw RequestRefusedException.BadRequest(
                $"connections_per_second: new connections (each takes a QKD key), 1 to {TlsSessionWork.MostConnectionsPerSecond} (default {TlsSessionWork.DefaultConnectionsPerSecond})");
        }
        return new TlsSessionSpec(client, server, listen, request.Target!, maxConnections, perSecond);
    }

    /// <summary>Whether <paramref name="name"/> is a valid tenant name (also for the tenants the configuration lists).</summary>
    public static bool IsTenantName(string? name) => name is not null && TenantName().IsMatch(name);

    public static string Tenant(TenantRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Name is { } name && TenantName().IsMatch(name)
            ? name
            : throw RequestRefusedException.BadRequest("name: required, lowercase letters, digits and '-', at most 32");
    }

    public static TenantQuota Quota(QuotaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.BitsPerSecond is < 0)
        {
            throw RequestRefusedException.BadRequest("bits_per_second: 0 or more (0 admits no service), or null for no limit");
        }
        if (request.BitsPerDay is < 0)
        {
            throw RequestRefusedException.BadRequest("bits_per_day: 0 or more (0 admits no service), or null for no limit");
        }
        return new TenantQuota(request.BitsPerSecond, request.BitsPerDay);
    }

    public static AgentReport AgentStatus(AgentStatusRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Version) || request.Version.Length > 64)
        {
            throw RequestRefusedException.BadRequest("version: required, at most 64 characters");
        }
        var resources = request.Resources ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++)
        {
            var r = resources[i] ?? throw RequestRefusedException.BadRequest($"resources[{i}]: an object is required");
            if (string.IsNullOrEmpty(r.Id) || r.Id.Length > 64 || !seen.Add(r.Id))
            {
                throw RequestRefusedException.BadRequest($"resources[{i}].id: required, unique, at most 64 characters");
            }
            if (r.State is not { } reported || !ResourceStates.Reportable.Contains(reported))
            {
                throw RequestRefusedException.BadRequest($"resources[{i}].state: one of {string.Join(", ", ResourceStates.Reportable.Select(s => s.Name()))}");
            }
            if (r.Reason is { Length: > 1024 })
            {
                throw RequestRefusedException.BadRequest($"resources[{i}].reason: at most 1024 characters");
            }
            if (r.KeyId is { Length: > 128 })
            {
                throw RequestRefusedException.BadRequest($"resources[{i}].key_id: at most 128 characters");
            }
        }
        var links = request.Links ?? [];
        if (links.Any(l => l is null || string.IsNullOrEmpty(l.Peer)))
        {
            throw RequestRefusedException.BadRequest("links: every link needs a peer");
        }
        return new AgentReport(request.Version, request.Facts ?? [], links,
            [.. resources.Select(r => new SideReport(r.Id!, r.State!.Value, r.Reason, r.KeyId, r.Details))]);
    }

    private (string, string) NodePair(string firstField, string? first, string secondField, string? second)
    {
        foreach (var (field, node) in new[] { (firstField, first), (secondField, second) })
        {
            if (string.IsNullOrEmpty(node))
            {
                throw RequestRefusedException.BadRequest($"{field}: required, a node name");
            }
            if (!options.Nodes.ContainsKey(node))
            {
                throw RequestRefusedException.BadRequest($"{field}: no node '{node}' (nodes: {string.Join(", ", options.Nodes.Keys.Order(StringComparer.Ordinal))})");
            }
        }
        if (first == second)
        {
            throw RequestRefusedException.BadRequest($"{secondField}: must differ from {firstField}");
        }
        if (topology.PathBetween(first!, second!) is null)
        {
            throw RequestRefusedException.Conflict($"{secondField}: no QKD key path between {first} and {second}");
        }
        return (first!, second!);
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
