using System.Net;
using QuantumAgents.Core.Net;

namespace QuantumAgents.TlsAgent.Targets;

/// <summary>A subnet and a port range a server-role session may connect to (an <c>allowed_targets</c> entry, parsed).</summary>
public sealed record AllowedTarget(IPNetwork Subnet, PortRange Ports)
{
    public bool Allows(IPAddress address, int port) => Ports.Contains(port) && InfrastructureRanges.Contains(Subnet, address);

    public override string ToString() => Ports.Low == Ports.High ? $"{Subnet} port {Ports}" : $"{Subnet} ports {Ports}";

    /// <summary>
    /// <paramref name="subnet"/> as <see cref="InfrastructureRanges.TryParse"/> reads it (no host
    /// bits set), <paramref name="ports"/> as <see cref="PortRange.TryParse"/> does.
    /// </summary>
    public static bool TryParse(string? subnet, string? ports, out AllowedTarget? target)
    {
        target = InfrastructureRanges.TryParse(subnet, out var network) && PortRange.TryParse(ports, out var range) ? new AllowedTarget(network, range) : null;
        return target is not null;
    }
}
