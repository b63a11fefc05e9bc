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

    /// <summary>
    /// How fast one SAE may draw key, in bits per second, unless <c>saes.&lt;id&gt;.draw_bits_per_second</c>
    /// says otherwise; 0 (the default) sets no limit. See <see cref="SaeLimits"/>.
    /// </summary>
    [ConfigurationKeyName("sae_draw_bits_per_second")] public long SaeDrawBitsPerSecond { get; set; }

    /// <summary>
    /// How much one SAE may draw at once, in bits, unless <c>saes.&lt;id&gt;.draw_burst_bits</c> says
    /// otherwise; unset, one second of the SAE's rate, and never less than <see cref="MaxSize"/>.
    /// </summary>
    [ConfigurationKeyName("sae_draw_burst_bits")] public long? SaeDrawBurstBits { get; set; }

    /// <summary>ETSI 004 streams one SAE may hold open at this KME, unless <c>saes.&lt;id&gt;.max_open_streams</c> says otherwise; 0 sets no cap.</summary>
    [ConfigurationKeyName("sae_max_open_streams")] public int SaeMaxOpenStreams { get; set; } = 64;

    /// <summary>An ETSI 004 stream with no get_key for this long is closed, as if its SAE had called close.</summary>
    [ConfigurationKeyName("stream_idle_seconds")] public int StreamIdleSeconds { get; set; } = 600;
}
