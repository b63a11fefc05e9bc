using System.Text.RegularExpressions;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.Core.Routing;

namespace QuantumAgents.ControlPlane.Validation;

/// <summary>
/// Turns request bodies into what the control plane keeps, or refuses them with a message naming
/// the field. Each kind of service validates its own request on top (<c>Kinds/*/*Requests.cs</c>).
/// </summary>
public sealed partial class RequestValidator(ControlPlaneOptions options, Topology topology)
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,31}\z")]
    private static partial Regex TenantName();

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

    /// <summary>The two nodes a service joins, each named in its field: known, distinct, and with a QKD key path between them.</summary>
    public (string, string) NodePair(string firstField, string? first, string secondField, string? second)
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
}
