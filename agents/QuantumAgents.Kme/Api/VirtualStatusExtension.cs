using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumAgents.Kme.Api;

/// <summary><c>status_extension</c> of a virtual pair: the path keys are forwarded along, and where they come from.</summary>
public sealed record VirtualStatusExtension
{
    [JsonPropertyName("path")] public required IReadOnlyList<string> Path { get; init; }
    [JsonPropertyName("key_source")] public required string KeySource { get; init; }

    public static JsonElement For(IReadOnlyList<string> path, string entropy) =>
        JsonSerializer.SerializeToElement(new VirtualStatusExtension { Path = path, KeySource = entropy }, KmeApiJsonContext.Default.VirtualStatusExtension);
}
