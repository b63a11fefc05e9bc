using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Kme.Options;

/// <summary>Limits reported by ETSI 014 <c>status</c> and enforced on every request. Sizes in bits.</summary>
public sealed class KeyPolicyOptions
{
    [ConfigurationKeyName("default_size")] public int DefaultSize { get; set; } = 256;
    [ConfigurationKeyName("min_size")] public int MinSize { get; set; } = 64;
    [ConfigurationKeyName("max_size")] public int MaxSize { get; set; } = 8192;
    [ConfigurationKeyName("max_per_request")] public int MaxPerRequest { get; set; } = 128;
    [ConfigurationKeyName("max_sae_id_count")] public int MaxSaeIdCount { get; set; } = 4;
    /// <summary>How long a key waits for its slave SAEs before it is erased unread.</summary>
    [ConfigurationKeyName("ttl_seconds")] public int TtlSeconds { get; set; } = 3600;
}
