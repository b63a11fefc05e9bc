using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumAgents.Core.Etsi014;

/// <summary>ETSI GS QKD 014 V1.1.1 §6.4 "Key IDs" (the body of POST dec_keys).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Etsi014KeyIds
{
    [JsonPropertyName("key_IDs")] public required IReadOnlyList<Etsi014KeyId> KeyIds { get; init; }
    [JsonPropertyName("key_IDs_extension")] public JsonElement? KeyIdsExtension { get; init; }
}

public sealed record Etsi014KeyId
{
    [JsonPropertyName("key_ID")] public required string KeyId { get; init; }
    [JsonPropertyName("key_ID_extension")] public JsonElement? KeyIdExtension { get; init; }
}
