using System.Text.Json;
using System.Text.Json.Serialization;
using QuantumAgents.Kme.Links;

namespace QuantumAgents.Kme.Api;

/// <summary>
/// What ETSI 014 <c>status</c> adds in <c>status_extension</c>: which link serves the pair, where
/// its key comes from (a simulated source says it is not quantum), and the link's key economy.
/// </summary>
public sealed record LinkStatusExtension
{
    [JsonPropertyName("link")] public required string Link { get; init; }
    [JsonPropertyName("key_source")] public required string KeySource { get; init; }
    /// <summary>
    /// Key of this link the peer KME owns, in bits: held here only to be taken as the peer names
    /// it. <c>stored_key_count</c> counts only the key this KME owns, the key it can issue.
    /// </summary>
    [JsonPropertyName("owned_by_peer_bits")] public required long OwnedByPeerBits { get; init; }
    /// <summary>Key material added to the pool since this KME started, in bits.</summary>
    [JsonPropertyName("produced_bits")] public required long ProducedBits { get; init; }
    /// <summary>Key material dropped unused (refused by the peer, lost in flight), in bits.</summary>
    [JsonPropertyName("discarded_bits")] public required long DiscardedBits { get; init; }
    /// <summary>Key material this KME used on the link to forward keys for other nodes, in bits.</summary>
    [JsonPropertyName("forwarded_bits")] public required long ForwardedBits { get; init; }
    /// <summary>
    /// The link's nominal secret-key rate, in bits per second, as this KME is configured
    /// (<c>links.&lt;peer&gt;.source.rate_bits_per_second</c>): for a simulated source the
    /// producer's rate, for an <c>etsi014</c> upstream the rate the operator declares for the
    /// link's QKD devices (the vendor's ETSI 014 reports none). Each end reports its own setting.
    /// </summary>
    [JsonPropertyName("rate_bits_per_second")] public required long RateBitsPerSecond { get; init; }
    /// <summary>
    /// Key material of the link taken out of the pool at this KME since it started, in bits, by
    /// anyone: keys issued to its master SAEs (<c>enc_keys</c>, ETSI 004 chunks), counted once the
    /// peer KME holds them too; keys the peer KME issued, counted when it assigns them and this
    /// KME stores them for its slave SAEs (<c>dec_keys</c> later fetches them, drawing nothing);
    /// and every pad and MAC key of <c>forwarded_bits</c>. Key taken but dropped unused is in
    /// <c>discarded_bits</c> instead. Its growth over an interval is the link's consumption.
    /// </summary>
    [JsonPropertyName("drawn_bits")] public required long DrawnBits { get; init; }

    public static JsonElement For(QkdLink link) => JsonSerializer.SerializeToElement(new LinkStatusExtension
    {
        Link = link.Name,
        KeySource = link.Source.Description,
        OwnedByPeerBits = link.PeerOwned.AvailableBytes * 8,
        ProducedBits = link.ProducedBytes * 8,
        DiscardedBits = link.DiscardedBytes * 8,
        ForwardedBits = link.ForwardedBytes * 8,
        RateBitsPerSecond = link.Options.Source.RateBitsPerSecond,
        DrawnBits = link.DrawnBytes * 8,
    }, KmeApiJsonContext.Default.LinkStatusExtension);
}
