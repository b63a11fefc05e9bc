using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumAgents.Core.Etsi014;

/// <summary>ETSI GS QKD 014 V1.1.1 §6.2 "Key request" data format (the body of POST enc_keys).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Etsi014KeyRequest
{
    [JsonPropertyName("number")] public int? Number { get; init; }
    /// <summary>Key size in bits; the KME's default when absent.</summary>
    [JsonPropertyName("size")] public int? Size { get; init; }
    [JsonPropertyName("additional_slave_SAE_IDs")] public IReadOnlyList<string>? AdditionalSlaveSaeIds { get; init; }
    [JsonPropertyName("extension_mandatory")] public IReadOnlyList<JsonElement>? ExtensionMandatory { get; init; }
    [JsonPropertyName("extension_optional")] public IReadOnlyList<JsonElement>? ExtensionOptional { get; init; }
}
