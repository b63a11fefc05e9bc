using Microsoft.Extensions.Configuration;

namespace QuantumAgents.IpsecAgent;

/// <summary>The <c>kme</c> section: this node's KME, and the agent's SAE credentials there (<c>&lt;node&gt;-ipsec</c>).</summary>
public sealed class KmeClientOptions
{
    [ConfigurationKeyName("url")] public string Url { get; set; } = "";

    [ConfigurationKeyName("certificate")] public string Certificate { get; set; } = "";

    [ConfigurationKeyName("key")] public string Key { get; set; } = "";

    /// <summary>The CA the KME's certificate must chain to (pinned).</summary>
    [ConfigurationKeyName("ca")] public string Ca { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme != "https")
        {
            yield return "kme.url: an https URL is required";
        }
        foreach (var (field, path) in new[] { ("certificate", Certificate), ("key", Key), ("ca", Ca) })
        {
            if (!File.Exists(path))
            {
                yield return $"kme.{field}: '{path}' does not exist";
            }
        }
    }
}
