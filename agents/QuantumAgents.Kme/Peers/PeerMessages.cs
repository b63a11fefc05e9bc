using System.Text.Json.Serialization;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Forwarding;

namespace QuantumAgents.Kme.Peers;

/// <summary>
/// A block of a link's key stream, sent by the producing KME to its peer. A simulated link
/// carries the material itself (the stand-in for the quantum channel); an upstream-KME link
/// carries only the upstream key IDs, which the peer redeems at its own upstream KME.
/// </summary>
public sealed record BlockMessage
{
    [JsonPropertyName("offset")] public required long Offset { get; init; }
    [JsonPropertyName("length")] public required int Length { get; init; }

    /// <summary>
    /// The node that may draw on this block (see <see cref="Links.QkdLink"/>), chosen by the
    /// producer before the block leaves it. A block without one comes from a KME that predates
    /// block ownership and is refused.
    /// </summary>
    [JsonPropertyName("owner")] public string? Owner { get; init; }

    [JsonPropertyName("material")]
    [JsonConverter(typeof(SecretBytesBase64Converter))]
    public SecretBytes? Material { get; init; }

    [JsonPropertyName("upstream_key_IDs")] public IReadOnlyList<string>? UpstreamKeyIds { get; init; }
}

/// <summary>
/// The master side's word to the slave side: these stream ranges became these key IDs. Many
/// enc_keys requests travel in one batch; each is accepted or refused on its own.
/// </summary>
public sealed record AssignBatch
{
    [JsonPropertyName("assignments")] public required IReadOnlyList<Assignment> Assignments { get; init; }
}

/// <summary>The keys of one enc_keys request.</summary>
public sealed record Assignment
{
    [JsonPropertyName("master_SAE_ID")] public required string MasterSaeId { get; init; }
    [JsonPropertyName("slave_SAE_IDs")] public required IReadOnlyList<string> SlaveSaeIds { get; init; }
    [JsonPropertyName("keys")] public required IReadOnlyList<AssignedKey> Keys { get; init; }
    /// <summary>A shorter life than the slave KME's own key TTL (ETSI 004 chunks), in seconds.</summary>
    [JsonPropertyName("ttl_seconds")] public int? TtlSeconds { get; init; }
}

public sealed record AssignedKey
{
    [JsonPropertyName("key_ID")] public required string KeyId { get; init; }
    /// <summary>[start, length] pairs, in stream order; the key is their concatenation.</summary>
    [JsonPropertyName("ranges")] public required IReadOnlyList<long[]> Ranges { get; init; }
}

/// <summary>One result per assignment of the batch, in order.</summary>
public sealed record AssignBatchResult
{
    [JsonPropertyName("results")] public required IReadOnlyList<PeerRefusal?> Results { get; init; }
}

/// <summary>Why the peer refused a block or an assignment (null in a batch result: accepted); <c>unavailable</c> lists ranges it does not hold.</summary>
public sealed record PeerRefusal
{
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("unavailable")] public IReadOnlyList<long[]>? Unavailable { get; init; }
    /// <summary>A hop on the way has too little key material (the master SAE gets a 503).</summary>
    [JsonPropertyName("out_of_key")] public bool OutOfKey { get; init; }
}

/// <summary>The smallest pool along a path (and the smallest capacity), in bytes.</summary>
public sealed record PathCapacity
{
    [JsonPropertyName("available_bytes")] public required long AvailableBytes { get; init; }
    [JsonPropertyName("capacity_bytes")] public required long CapacityBytes { get; init; }
    /// <summary>The slowest link's key rate along the path, in bit/s.</summary>
    [JsonPropertyName("rate_bits_per_second")] public long RateBitsPerSecond { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BlockMessage))]
[JsonSerializable(typeof(AssignBatch))]
[JsonSerializable(typeof(AssignBatchResult))]
[JsonSerializable(typeof(PeerRefusal))]
[JsonSerializable(typeof(ForwardMessage))]
[JsonSerializable(typeof(PathCapacity))]
public sealed partial class PeerJsonContext : JsonSerializerContext;
