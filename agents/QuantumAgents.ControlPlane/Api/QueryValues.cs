using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>Query parameters read by hand, so a bad one is a 400 naming it rather than the framework's empty 400.</summary>
public static class QueryValues
{
    public static int Number(HttpRequest request, string name, int fallback, int min, int max) =>
        (int)WholeNumber(request, name, fallback, min, max);

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public static long WholeNumber(HttpRequest request, string name, long fallback, long min, long max)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return fallback;
        }
        var styles = min < 0 ? System.Globalization.NumberStyles.AllowLeadingSign : System.Globalization.NumberStyles.None;
        if (values.Count > 1 || !long.TryParse(values[0], styles, null, out var value) || value < min || value > max)
        {
            throw RequestRefusedException.BadRequest($"{name}: a whole number between {min} and {max}");
        }
        return value;
    }

    public static string OneOf(HttpRequest request, string name, string fallback, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return fallback;
        }
        if (values.Count > 1 || !allowed.Contains(values[0], StringComparer.Ordinal))
        {
            throw RequestRefusedException.BadRequest($"{name}: one of {string.Join(", ", allowed)}");
        }
        return values[0]!;
    }

    /// <summary>How long <c>?wait=SECONDS</c> asks to block; zero when absent.</summary>
    public static TimeSpan Wait(HttpRequest request, int maxSeconds) => TimeSpan.FromSeconds(Number(request, "wait", 0, 0, maxSeconds));
}
