using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace QuantumAgents.TlsAgent.Targets;

/// <summary><c>HOST:PORT</c> as the control plane validates it (<c>[v6]:PORT</c> for IPv6 literals).</summary>
public static class HostPort
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? host, out int port)
    {
        host = null;
        port = 0;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            || port is < 1 or > 65535)
        {
            return false;
        }
        host = text[..colon].Trim('[', ']');
        return host.Length > 0;
    }
}
