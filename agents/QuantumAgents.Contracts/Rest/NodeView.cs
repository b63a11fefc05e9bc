namespace QuantumAgents.Contracts;

/// <summary>A node: its service address, QKD links and agents.</summary>
public sealed record NodeView(string Name, string Address, IReadOnlyList<NodeLinkView> Links, IReadOnlyList<AgentView> Agents);
