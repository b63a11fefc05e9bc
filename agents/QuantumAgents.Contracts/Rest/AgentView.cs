namespace QuantumAgents.Contracts;

/// <summary>An agent of a node and whether the control plane hears from it.</summary>
public sealed record AgentView(AgentKind Kind, string Version, DateTimeOffset LastHeartbeat, bool Healthy, IReadOnlyDictionary<string, string> Facts);
