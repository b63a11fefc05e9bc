using System.Net;
using QuantumAgents.Core.Net;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent.Options;

/// <summary><c>allowed_targets</c> and <c>infrastructure_ranges</c>: checked at start, then made into the node's target policy.</summary>
public static class TargetOptions
{
    private const string CidrOrAddress = "is not a CIDR (no host bits set, e.g. 198.19.3.0/24) or an address";

    public static IEnumerable<string> Validate(TlsAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ranges = new List<IPNetwork>();
        for (var i = 0; i < options.InfrastructureRanges.Count; i++)
        {
            if (InfrastructureRanges.TryParse(options.InfrastructureRanges[i], out var range))
            {
                ranges.Add(range);
                continue;
            }
            yield return $"infrastructure_ranges[{i}]: '{options.InfrastructureRanges[i]}' {CidrOrAddress}";
        }
        var infrastructure = new InfrastructureRanges(ranges);
        for (var i = 0; i < options.AllowedTargets.Count; i++)
        {
            var entry = options.AllowedTargets[i];
            if (!InfrastructureRanges.TryParse(entry.Subnet, out var subnet))
            {
                yield return $"allowed_targets[{i}].subnet: '{entry.Subnet}' {CidrOrAddress}";
            }
            else if (Covering(infrastructure, subnet) is { } inside)
            {
                // A typo like 127.0.0.0/8 or the management network: it would never allow anything.
                yield return $"allowed_targets[{i}].subnet: {subnet} lies inside the infrastructure range {inside}, which is never a target";
            }
            if (!PortRange.TryParse(entry.Ports, out _))
            {
                yield return $"allowed_targets[{i}].ports: '{entry.Ports}' is not PORT or LOW-HIGH within 1..65535";
            }
        }
    }

    private static IPNetwork? Covering(InfrastructureRanges infrastructure, IPNetwork subnet) =>
        infrastructure.All.Where(r => InfrastructureRanges.Covers(r, subnet)).Select(r => (IPNetwork?)r).FirstOrDefault();

    /// <summary>The policy of valid <paramref name="options"/>, with the node's addresses from <paramref name="nodeAddresses"/>.</summary>
    public static NodeTargetPolicy Policy(TlsAgentOptions options, Func<IEnumerable<IPAddress>> nodeAddresses)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ranges = InfrastructureRanges.TryParseAll(options.InfrastructureRanges, out var bad)
            ?? throw new InvalidOperationException($"infrastructure_ranges: '{bad}' {CidrOrAddress}");
        var allowed = options.AllowedTargets.Select(a => AllowedTarget.TryParse(a.Subnet, a.Ports, out var target)
            ? target!
            : throw new InvalidOperationException($"allowed_targets: '{a.Subnet}' ports '{a.Ports}' does not parse")).ToList();
        return new NodeTargetPolicy(allowed, new InfrastructureRanges(ranges), nodeAddresses);
    }
}
