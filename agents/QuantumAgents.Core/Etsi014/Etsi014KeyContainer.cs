using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumAgents.Core.Etsi014;

/// <summary>ETSI GS QKD 014 V1.1.1 §6.3 "Key container". Disposing it zeroes every key.</summary>
public sealed record Etsi014KeyContainer : IDisposable
{
    [JsonPropertyName("keys")] public required IReadOnlyList<Etsi014Key> Keys { get; init; }
    [JsonPropertyName("key_container_extension")] public JsonElement? KeyContainerExtension { get; init; }

    public void Dispose()
    {
        foreach (var key in Keys)
        {
            key.Dispose();
        }
    }
}
