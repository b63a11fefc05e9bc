using System.Globalization;
using System.Net;
using QuantumAgents.Core.Net;

namespace QuantumAgents.TlsAgent.Targets;

/// <summary>A subnet and a port range a server-role session may connect to (an <c>allowed_targets</c> entry, parsed).</summary>
public sealed record AllowedTarget(IPNetwork Subnet, int FirstPort, int LastPort)
{
    public bool Allows(IPAddress address, int port) =>
        port >= FirstPort && port <= LastPort && InfrastructureRanges.Contains(Subnet, address);

    public override string ToString() =>
        FirstPort == LastPort ? $"{Subnet} port {FirstPort}" : $"{Subnet} ports {FirstPort}-{LastPort}";

    /// <summary>
    /// <paramref name="subnet"/> as <see cref="InfrastructureRanges.TryParse"/> reads it (no host
    /// bits set), <paramref name="ports"/> as <c>PORT</c> or <c>LOW-HIGH</c> within 1..65535.
    /// </summary>
    public static bool TryParse(string? subnet, string? ports, out AllowedTarget? target)
    {
        target = null;
        if (!InfrastructureRanges.TryParse(subnet, out var network) || !TryParsePorts(ports, out var first, out var last))
        {
            return false;
        }
        target = new AllowedTarget(network, first, last);
        return true;
    }

    public static bool TryParsePorts(string? ports, out int first, out int last)
    {
        first = last = 0;
        if (string.IsNullOrWhiteSpace(ports))
        {
            return false;
        }
        var dash = ports.IndexOf('-', StringComparison.Ordinal);
        var ok = dash < 0
            ? TryParsePort(ports, out first) && TryParsePort(ports, out last)
            : TryParsePort(ports[..dash], out first) && TryParsePort(ports[(dash + 1)..], out last);
        return ok && first <= last;
    }

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
