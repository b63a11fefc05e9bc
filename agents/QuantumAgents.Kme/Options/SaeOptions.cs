using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Kme.Options;

/// <summary>
/// An SAE: the node whose KME serves it and, for SAEs of this node, how its client certificate
/// is recognised (subject, or SHA-256 fingerprint of the DER certificate), and what it may draw.
/// </summary>
public sealed class SaeOptions
{
    [ConfigurationKeyName("node")] public string Node { get; set; } = "";
    [ConfigurationKeyName("certificate_subject")] public string? CertificateSubject { get; set; }
    [ConfigurationKeyName("certificate_sha256")] public string? CertificateSha256 { get; set; }

    /// <summary>This SAE's own <c>keys.sae_draw_bits_per_second</c>; unset, the KME-wide one applies.</summary>
    [ConfigurationKeyName("draw_bits_per_second")] public long? DrawBitsPerSecond { get; set; }

    /// <summary>This SAE's own <c>keys.sae_draw_burst_bits</c>; unset, the KME-wide one applies.</summary>
    [ConfigurationKeyName("draw_burst_bits")] public long? DrawBurstBits { get; set; }

    /// <summary>This SAE's own <c>keys.sae_max_open_streams</c>; unset, the KME-wide one applies.</summary>
    [ConfigurationKeyName("max_open_streams")] public int? MaxOpenStreams { get; set; }
}
