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

    public static JsonElement For(QkdLink link) => JsonSerializer.SerializeToElement(new LinkStatusExtension
    {
        Link = link.Name,
        KeySource = link.Source.Description,
        OwnedByPeerBits = link.PeerOwned.AvailableBytes * 8,
        ProducedBits = link.ProducedBytes * 8,
        DiscardedBits = link.DiscardedBytes * 8,
        ForwardedBits = link.ForwardedBytes * 8,
    }, KmeApiJsonContext.Default.LinkStatusExtension);
}
