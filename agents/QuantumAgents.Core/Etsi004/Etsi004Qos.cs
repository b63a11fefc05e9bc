using System.Text.Json.Serialization;

namespace QuantumAgents.Core.Etsi004;

/// <summary>
/// ETSI GS QKD 004 QoS: chunk size in bytes, rates in bit/s, jitter and timeout in
/// milliseconds, ttl in seconds. In an answer it is what the KME agreed to (or, with status 7,
/// what it could offer).
/// </summary>
/// <remarks>Settable, not init-only: the JSON source generator gives a missing init-only member its type's
/// default, not the default written here.</remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Etsi004Qos
{
    [JsonPropertyName("key_chunk_size")] public int KeyChunkSize { get; set; } = 32;
    [JsonPropertyName("max_bps")] public long MaxBps { get; set; } = 2560;
    [JsonPropertyName("min_bps")] public long MinBps { get; init; }
    [JsonPropertyName("jitter")] public int Jitter { get; init; }
    [JsonPropertyName("priority")] public int Priority { get; init; }
    [JsonPropertyName("timeout")] public int Timeout { get; set; } = 10_000;
    [JsonPropertyName("ttl")] public int Ttl { get; set; } = 3600;
    [JsonPropertyName("metadata_mimetype")] public string MetadataMimetype { get; set; } = "application/json";
}
