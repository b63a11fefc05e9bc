namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// A route as the fuzz pass drives it: the caller of the right role (so inputs get past
/// authentication to validation), a valid body to mutate, the query parameters it reads and
/// the path values to replace. <paramref name="FixedQuery"/> is always sent (e.g. <c>wait=0</c>),
/// except when the parameter it sets is the one being fuzzed.
/// </summary>
public sealed record FuzzTarget(
    string Method, string Pattern, MatrixCaller Caller, string? Body = null, IReadOnlyList<string>? Query = null,
    IReadOnlyDictionary<string, string>? PathValues = null, string? FixedQuery = null)
{
    public string Key => $"{Method} {Pattern}";

    public IReadOnlyList<string> QueryNames => Query ?? [];

    /// <summary>The path with every <c>{name}</c> filled from <see cref="PathValues"/>, one of them optionally replaced by an (already escaped) value.</summary>
    public string PathWith(string? name = null, string? escapedValue = null)
    {
        var path = Pattern.TrimEnd('/');
        foreach (var (key, value) in PathValues ?? new Dictionary<string, string>())
        {
            path = path.Replace("{" + key + "}", key == name ? escapedValue : Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        return path;
    }

    /// <summary>The query to send alongside a fuzzed parameter <paramref name="fuzzed"/> (null: none is fuzzed).</summary>
    public string BaseQuery(string? fuzzed) =>
        FixedQuery is null || (fuzzed is not null && FixedQuery.StartsWith(fuzzed + "=", StringComparison.Ordinal)) ? "" : FixedQuery;

    public override string ToString() => Key;
}
