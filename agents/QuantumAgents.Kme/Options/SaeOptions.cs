using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Kme.Options;

/// <summary>
/// An SAE: the node whose KME serves it and, for SAEs of this node, how its client certificate
/// is recognised (subject, or SHA-256 fingerprint of the DER certificate).
/// </summary>
public sealed class SaeOptions
{
    [ConfigurationKeyName("node")] public string Node { get; set; } = "";
    [ConfigurationKeyName("certificate_subject")] public string? CertificateSubject { get; set; }
    [ConfigurationKeyName("certificate_sha256")] public string? CertificateSha256 { get; set; }
}
