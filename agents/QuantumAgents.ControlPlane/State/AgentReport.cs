using System.Text.Json;
using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.State;

/// <summary>What an agent says in <c>PUT .../status</c>: itself, and every resource it has now.</summary>
public sealed record AgentReport(string Version, IReadOnlyDictionary<string, string> Facts, IReadOnlyList<LinkFact> Links, IReadOnlyList<SideReport> Resources);

/// <summary>One resource as an agent has it.</summary>
public sealed record SideReport(string Id, ResourceState State, string? Reason, string? KeyId, JsonElement? Details);
