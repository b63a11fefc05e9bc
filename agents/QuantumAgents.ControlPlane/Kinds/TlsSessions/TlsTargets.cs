using System.Globalization;
using System.Net;

namespace QuantumAgents.ControlPlane.Kinds.TlsSessions;

/// <summary>
/// A TLS session's <c>target</c>: <c>ADDRESS:PORT</c>, an IPv6 address in brackets. Only
/// addresses: the operator allows targets by address, and a name would resolve on the server
/// node, after the control plane checked it, to wherever its DNS says.
/// </summary>
public static class TlsTargets
{
    public static bool TryParse(string? target, out IPAddress address, out int port)
    {
        address = IPAddress.None;
        port = 0;
        var colon = target?.LastIndexOf(':') ?? -1;
        if (colon <= 0)
        {
            return false;
        }
        var host = target![..colon];
        // An IPv6 address needs its brackets, or "2001:db8::1:443" would be ambiguous.
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (!bracketed && host.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }
        var literal = bracketed ? host[1..^1] : host;
        if (!IPAddress.TryParse(literal, out var parsed) || bracketed != (parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            || literal.Contains('%', StringComparison.Ordinal) || !IsCanonicalIPv4(literal, parsed))
        {
            return false;
        }
        if (!int.TryParse(target[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }
        address = parsed;
        return true;
    }

    /// <summary>The address and port of a target <see cref="TryParse"/> accepted.</summary>
    public static (IPAddress Address, int Port) Split(string target) =>
        TryParse(target, out var address, out var port) ? (address, port) : throw new ArgumentException($"not a target: {target}", nameof(target));

    // IPAddress.TryParse also reads "1", "0x7f.1" and "127.1" as IPv4 addresses; what the
    // control plane checked must be what the agent's resolver reads, so only dotted quads pass.
    private static bool IsCanonicalIPv4(string literal, IPAddress parsed) =>
        parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || parsed.ToString() == literal;
}
