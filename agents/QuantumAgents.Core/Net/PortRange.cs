using System.Globalization;

namespace QuantumAgents.Core.Net;

/// <summary>TCP ports as an operator writes them: <c>"443"</c> or <c>"8000-8099"</c> (the control plane's TLS targets, the TLS agent's allowed ones).</summary>
public readonly record struct PortRange(int Low, int High)
{
    public static readonly PortRange All = new(1, 65535);

    public bool Contains(int port) => port >= Low && port <= High;

    public override string ToString() => Low == High ? Low.ToString(CultureInfo.InvariantCulture) : $"{Low}-{High}";

    public static bool TryParse(string? text, out PortRange range)
    {
        range = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var (low, high) = dash < 0 ? (text, text) : (text[..dash], text[(dash + 1)..]);
        if (!Port(low, out var l) || !Port(high, out var h) || l > h)
        {
            return false;
        }
        range = new PortRange(l, h);
        return true;
    }

    private static bool Port(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
