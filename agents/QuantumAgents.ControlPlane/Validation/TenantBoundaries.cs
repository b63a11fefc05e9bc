using System.Net;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.Core.Net;

namespace QuantumAgents.ControlPlane.Validation;

/// <summary>
/// What every kind's tenant boundaries share, as the operator declared them in <c>controld.json</c>:
/// the infrastructure ranges (built-in, configured, or a node's address) no service may touch
/// whatever a tenant's lists say, and the shape of a refusal: 403 naming the field and the
/// range, naming only the caller's own ranges, never whose another range is. Each kind checks
/// its own lists (a tunnel's client subnets, a TLS session's targets).
/// </summary>
public sealed class TenantBoundaries
{
    public TenantBoundaries(ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = InfrastructureRanges.TryParseAll(options.InfrastructureRanges, out _) ?? [];
        var nodeAddresses = options.Nodes.Values.Select(n => InfrastructureRanges.TryParse(n.Address, out var host) ? host : (IPNetwork?)null).OfType<IPNetwork>();
        Infrastructure = new InfrastructureRanges([.. configured, .. nodeAddresses]);
    }

    public InfrastructureRanges Infrastructure { get; }

    /// <summary>What a refusal says of the caller's own ranges on a node.</summary>
    public static string Listing(IEnumerable<OwnedRange> own) =>
        own.Select(o => o.Text).ToList() is { Count: > 0 } list ? "yours there: " + string.Join(", ", list) : "you have none there; the operator assigns them";

    public static RequestRefusedException Forbidden(string message) => RequestRefusedException.Forbidden(message);
}
