namespace QuantumAgents.Contracts;

/// <summary>
/// A QKD link as an agent sees it through its KME's <c>status</c>. The key economy fields come
/// from our KME's <c>status_extension</c> and stay null for a KME that does not report them.
/// </summary>
public sealed class LinkFact
{
    public string Peer { get; set; } = "";

    public long StoredKeyCount { get; set; }

    public long MaxKeyCount { get; set; }

    /// <summary>When the agent read this from its KME: what a drawn rate is measured over.</summary>
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>The link's nominal secret-key rate (<c>rate_bits_per_second</c>).</summary>
    public long? RateBitsPerSecond { get; set; }

    /// <summary>Key material in the link's pool, this KME's and its peer's (<c>stored_key_count × key_size + owned_by_peer_bits</c>).</summary>
    public long? PoolBits { get; set; }

    /// <summary>Key material produced since the KME started (<c>produced_bits</c>).</summary>
    public long? ProducedBits { get; set; }

    /// <summary>Key material taken from the pool since the KME started (<c>drawn_bits</c>).</summary>
    public long? DrawnBits { get; set; }
}
