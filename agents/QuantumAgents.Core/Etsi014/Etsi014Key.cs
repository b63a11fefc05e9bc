using System.Text.Json;
using System.Text.Json.Serialization;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Core.Etsi014;

/// <summary>One key of a "Key container" (§6.3): the key travels base64-encoded in JSON.</summary>
public sealed record Etsi014Key : IDisposable
{
    [JsonPropertyName("key_ID")] public required string KeyId { get; init; }
    [JsonPropertyName("key_ID_extension")] public JsonElement? KeyIdExtension { get; init; }

    [JsonPropertyName("key")]
    [JsonConverter(typeof(SecretBytesBase64Converter))]
    public required SecretBytes Key { get; init; }

    [JsonPropertyName("key_extension")] public JsonElement? KeyExtension { get; init; }

    public void Dispose() => Key.Dispose();
}
