using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumAgents.Core.Etsi014;

/// <summary>ETSI GS QKD 014 V1.1.1 §6.5 "Error": a message and optional detail objects.</summary>
public sealed record Etsi014Error
{
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("details")] public IReadOnlyList<JsonElement>? Details { get; init; }
}
