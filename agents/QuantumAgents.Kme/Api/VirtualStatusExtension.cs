using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumAgents.Kme.Api;

/// <summary><c>status_extension</c> of a virtual pair: the path keys are forwarded along, and where they come from.</summary>
/// <remarks>
/// No <c>rate_bits_per_second</c> nor <c>drawn_bits</c> here: a virtual pair has no key of its
/// own to produce or draw. Its keys come from the entropy source; what they cost a QKD link (pads
/// and MAC keys) is in the <c>drawn_bits</c> of each hop's link, read from that link's KMEs. A
/// second figure here would count the same key twice for whoever sums the budget.
/// </remarks>
public sealed record VirtualStatusExtension
{
    [JsonPropertyName("path")] public required IReadOnlyList<string> Path { get; init; }
    [JsonPropertyName("key_source")] public required string KeySource { get; init; }

    public static JsonElement For(IReadOnlyList<string> path, string entropy) =>
        JsonSerializer.SerializeToElement(new VirtualStatusExtension { Path = path, KeySource = entropy }, KmeApiJsonContext.Default.VirtualStatusExtension);
}
