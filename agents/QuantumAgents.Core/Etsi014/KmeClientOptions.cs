using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Net;

namespace QuantumAgents.Core.Etsi014;

/// <summary>
/// An agent's <c>kme</c> section: its node's KME, the agent's SAE credentials there (mutual TLS)
/// and the length of the keys it asks for.
/// </summary>
public sealed class KmeClientOptions
{
    /// <summary>The KME's base URL, e.g. <c>https://198.18.255.1:8443</c>.</summary>
    [ConfigurationKeyName("url")] public string Url { get; set; } = "";

    /// <summary>The agent's SAE certificate (PEM).</summary>
    [ConfigurationKeyName("certificate")] public string Certificate { get; set; } = "";

    /// <summary>Its private key (PEM).</summary>
    [ConfigurationKeyName("key")] public string Key { get; set; } = "";

    /// <summary>The CA the KME's certificate must chain to (pinned).</summary>
    [ConfigurationKeyName("ca")] public string Ca { get; set; } = "";

    /// <summary>The key length asked for with <c>enc_keys</c>, in bits: 256 matches AES-256 and SHA-384 PSKs.</summary>
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

    /// <summary>The ETSI 014 client these options describe (call after <see cref="Validate"/> found nothing).</summary>
    public Etsi014Client CreateClient() => new(new Uri(Url), new MutualTlsOptions(Certificate, Key, Ca));
}
