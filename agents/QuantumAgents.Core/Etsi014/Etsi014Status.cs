using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumAgents.Core.Etsi014;

/// <summary>ETSI GS QKD 014 V1.1.1 §6.1 "Status" data format.</summary>
public sealed record Etsi014Status
{
    [JsonPropertyName("source_KME_ID")] public required string SourceKmeId { get; init; }
    [JsonPropertyName("target_KME_ID")] public required string TargetKmeId { get; init; }
    [JsonPropertyName("master_SAE_ID")] public required string MasterSaeId { get; init; }
    [JsonPropertyName("slave_SAE_ID")] public required string SlaveSaeId { get; init; }
    /// <summary>Default key size, in bits.</summary>
    [JsonPropertyName("key_size")] public required int KeySize { get; init; }
    [JsonPropertyName("stored_key_count")] public required long StoredKeyCount { get; init; }
    [JsonPropertyName("max_key_count")] public required long MaxKeyCount { get; init; }
    [JsonPropertyName("max_key_per_request")] public required int MaxKeyPerRequest { get; init; }
    [JsonPropertyName("max_key_size")] public required int MaxKeySize { get; init; }
    [JsonPropertyName("min_key_size")] public required int MinKeySize { get; init; }
    [JsonPropertyName("max_SAE_ID_count")] public required int MaxSaeIdCount { get; init; }
    [JsonPropertyName("status_extension")] public JsonElement? StatusExtension { get; init; }
}
