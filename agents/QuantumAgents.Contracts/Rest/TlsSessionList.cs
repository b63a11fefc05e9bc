namespace QuantumAgents.Contracts;

/// <summary><c>GET /api/v1/tls/sessions</c>.</summary>
public sealed record TlsSessionList(IReadOnlyList<TlsSessionView> Sessions);
