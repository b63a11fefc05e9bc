using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Kme.Options;

/// <summary>A QKD link to an adjacent node: how to reach and recognise its KME, and where key comes from.</summary>
public sealed class QkdLinkOptions
{
    /// <summary>The peer KME's base URL, over the data link.</summary>
    [ConfigurationKeyName("url")] public string Url { get; set; } = "";
    [ConfigurationKeyName("peer_certificate_subject")] public string? PeerCertificateSubject { get; set; }
    [ConfigurationKeyName("peer_certificate_sha256")] public string? PeerCertificateSha256 { get; set; }
    [ConfigurationKeyName("source")] public KeySourceOptions Source { get; set; } = new();
}
