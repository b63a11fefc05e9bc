using System.Text.Json;

namespace QuantumAgents.Contracts;

/// <summary>One node's side of a tunnel or session, as its agent last reported it.</summary>
public sealed record SideView(string Node, string Role, ResourceState State, string? Reason, bool AgentHealthy, string? KeyId, JsonElement? Details, DateTimeOffset? UpdatedAt);
