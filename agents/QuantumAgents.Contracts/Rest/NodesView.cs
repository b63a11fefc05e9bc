namespace QuantumAgents.Contracts;

/// <summary><c>GET /api/v1/nodes</c>.</summary>
public sealed record NodesView(EntropySourceView EntropySource, IReadOnlyList<NodeView> Nodes);
