using System.Text.Json;

namespace QuantumAgents.Contracts;

/// <summary>One resource in an agent's status.</summary>
public sealed class ResourceStatusRequest
{
    public string? Id { get; set; }
    public ResourceState? State { get; set; }
    public string? Reason { get; set; }

    /// <summary>The ETSI 014 key_ID an initiator took (never the key).</summary>
    public string? KeyId { get; set; }

    /// <summary>Anything the agent wants shown (SPIs, counters); kept as given.</summary>
    public JsonElement? Details { get; set; }
}
