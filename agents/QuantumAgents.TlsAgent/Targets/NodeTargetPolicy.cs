using System.Net;
using QuantumAgents.Core.Net;

namespace QuantumAgents.TlsAgent.Targets;

/// <summary>
/// The node's own say over where its sessions connect, whatever the control plane asked:
/// never an infrastructure address (built-in and configured), never an address the node itself
/// holds (read at each check: interfaces change), and only what <c>allowed_targets</c> lists.
/// </summary>
public sealed class NodeTargetPolicy(IReadOnlyList<AllowedTarget> allowed, InfrastructureRanges infrastructure, Func<IEnumerable<IPAddress>> nodeAddresses)
    : ITargetPolicy
{
    public string? RefusalOf(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        // ::ffff:198.18.255.1 is 198.18.255.1: the IPv4 rules and lists apply to it.
        var address = Plain(target.Address);
        var shown = new IPEndPoint(address, target.Port);
        if (infrastructure.Holding(address) is { } range)
        {
            return $"{shown} is an infrastructure address of this node ({range})";
        }
        if (nodeAddresses().Any(own => Plain(own).Equals(address)))
        {
            return $"{shown} is an address of this node itself";
        }
        if (!allowed.Any(a => a.Allows(address, target.Port)))
        {
            return allowed.Any(a => InfrastructureRanges.Contains(a.Subnet, address))
                ? $"{shown} is not in this node's allowed targets (not an allowed port of its subnet)"
                : $"{shown} is not in this node's allowed targets";
        }
        return null;
    }

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
