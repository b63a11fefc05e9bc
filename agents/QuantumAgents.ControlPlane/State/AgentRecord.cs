using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.State;

/// <summary>An agent as it last reported itself.</summary>
public sealed record AgentRecord(
    string Node, AgentKind Kind, string Version, IReadOnlyDictionary<string, string> Facts, IReadOnlyList<LinkFact> Links, DateTimeOffset LastSeen);
