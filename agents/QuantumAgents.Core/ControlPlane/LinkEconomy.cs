using System.Text.Json;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.ControlPlane;

/// <summary>
/// A link's key economy from one ETSI 014 <c>status</c>: the standard levels, and what our KME
/// adds in <c>status_extension</c> (rate, pool held for the peer, produced and drawn bits). A
/// field a KME does not send (another vendor's) stays null; it is never guessed.
/// </summary>
public static class LinkEconomy
{
    public static LinkFact Read(Etsi014Status status, string peer, DateTimeOffset readAt)
    {
        ArgumentNullException.ThrowIfNull(status);
        var extension = status.StatusExtension is { ValueKind: JsonValueKind.Object } e ? e : (JsonElement?)null;
        var ownedByPeer = Long(extension, "owned_by_peer_bits");
        return new LinkFact
        {
            Peer = peer,
            StoredKeyCount = status.StoredKeyCount,
            MaxKeyCount = status.MaxKeyCount,
            ReadAt = readAt,
            RateBitsPerSecond = Long(extension, "rate_bits_per_second"),
            PoolBits = ownedByPeer is { } peerBits ? status.StoredKeyCount * status.KeySize + peerBits : null,
            ProducedBits = Long(extension, "produced_bits"),
            DrawnBits = Long(extension, "drawn_bits"),
        };
    }

    private static long? Long(JsonElement? extension, string name) =>
        extension is { } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0
            ? n
            : null;
}
