using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>Query parameters read by hand, so a bad one is a 400 naming it rather than the framework's empty 400.</summary>
public static class QueryValues
{
    public static int Number(HttpRequest request, string name, int fallback, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return fallback;
        }
        if (values.Count > 1 || !int.TryParse(values[0], min < 0 ? System.Globalization.NumberStyles.AllowLeadingSign : System.Globalization.NumberStyles.None, null, out var value) || value < min || value > max)
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
