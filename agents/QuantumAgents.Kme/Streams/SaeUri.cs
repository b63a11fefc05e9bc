namespace QuantumAgents.Kme.Streams;

/// <summary>The SAE named by an ETSI 004 URI: <c>qkd://&lt;SAE_ID&gt;</c>, optionally <c>qkd://&lt;SAE_ID&gt;@&lt;host&gt;</c>.</summary>
public static class SaeUri
{
    public static string? TryParse(string? uri)
    {
        const string scheme = "qkd://";
        if (uri is null || !uri.StartsWith(scheme, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = uri[scheme.Length..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var sae = at < 0 ? rest : rest[..at];
        return sae.Length is > 0 and <= 64 && !sae.Contains('/', StringComparison.Ordinal) ? sae : null;
    }
}
