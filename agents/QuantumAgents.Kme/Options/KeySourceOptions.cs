using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Kme.Options;

/// <summary>
/// Where a link's key material comes from. <c>simulated</c>: one side draws random blocks at a
/// fixed rate and sends them to the peer KME (a stand-in for the QKD devices; not quantum).
/// <c>etsi014</c>: an upstream vendor KME, used as its master/slave SAE.
/// </summary>
public sealed class KeySourceOptions
{
    [ConfigurationKeyName("kind")] public string Kind { get; set; } = "simulated";

    /// <summary>The side that produces blocks (exactly one per link); the other receives them.</summary>
    [ConfigurationKeyName("producer")] public bool Producer { get; set; }

    [ConfigurationKeyName("rate_bits_per_second")] public long RateBitsPerSecond { get; set; } = 1_000_000;

    /// <summary>The pool stops growing at this size (the QKD devices' key store).</summary>
    [ConfigurationKeyName("pool_bits")] public long PoolBits { get; set; } = 64L * 1024 * 1024;

    /// <summary>Size of one block sent to the peer (simulated) or fetched upstream (etsi014).</summary>
    [ConfigurationKeyName("block_bytes")] public int BlockBytes { get; set; } = 4096;

    /// <summary>etsi014: the upstream KME's URL, and this side's SAE credentials towards it.</summary>
    [ConfigurationKeyName("upstream_url")] public string? UpstreamUrl { get; set; }
    [ConfigurationKeyName("upstream_sae_id")] public string? UpstreamSaeId { get; set; }
    [ConfigurationKeyName("upstream_peer_sae_id")] public string? UpstreamPeerSaeId { get; set; }
    [ConfigurationKeyName("upstream_certificate")] public string? UpstreamCertificate { get; set; }
    [ConfigurationKeyName("upstream_key")] public string? UpstreamKey { get; set; }
    [ConfigurationKeyName("upstream_ca")] public string? UpstreamCa { get; set; }
}
