using System.Globalization;

namespace QuantumAgents.Cli.Output;

/// <summary>Key rates and amounts as people read them: 1.2 Mbit/s, 25.6 bit/s, 8.4 kbit.</summary>
public static class BitRate
{
    public static string PerSecond(double? bitsPerSecond) => bitsPerSecond is { } bits ? Scaled(bits) + "/s" : "?";

    public static string Amount(double? bits) => bits is { } b ? Scaled(b) : "?";

    /// <summary>A duration in the largest whole unit that fits: 42 s, 17 min, 3 h, 2 d; "never" for none.</summary>
    public static string Until(double? seconds) => seconds switch
    {
        null => "never",
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min"),
        < 172_800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86_400:0} d"),
    };

    private static string Scaled(double bits) => Math.Abs(bits) switch
    {
        >= 1e9 => string.Create(CultureInfo.InvariantCulture, $"{bits / 1e9:0.#} Gbit"),
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{bits / 1e6:0.#} Mbit"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{bits / 1e3:0.#} kbit"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bits:0.#} bit"),
    };
}
