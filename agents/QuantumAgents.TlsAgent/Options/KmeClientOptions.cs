using Microsoft.Extensions.Configuration;

namespace QuantumAgents.TlsAgent.Options;

/// <summary>The <c>kme</c> section: the node's own KME, and this agent's SAE credentials there (<c>&lt;node&gt;-tls</c>).</summary>
public sealed class KmeClientOptions
{
    [ConfigurationKeyName("url")] public string Url { get; set; } = "";

    [ConfigurationKeyName("certificate")] public string Certificate { get; set; } = "";

    [ConfigurationKeyName("key")] public string Key { get; set; } = "";

    [ConfigurationKeyName("ca")] public string Ca { get; set; } = "";

    /// <summary>The PSK length asked for with <c>enc_keys</c>, in bits (a multiple of 8).</summary>
    [ConfigurationKeyName("key_bits")] public int KeyBits { get; set; } = 256;

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
        if (KeyBits is < 128 or > 8192 || KeyBits % 8 != 0)
        {
            yield return "kme.key_bits: a multiple of 8 from 128 to 8192";
        }
    }
}
