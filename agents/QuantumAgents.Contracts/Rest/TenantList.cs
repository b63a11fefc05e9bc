namespace QuantumAgents.Contracts;

/// <summary><c>GET /api/v1/tenants</c>.</summary>
public sealed record TenantList(IReadOnlyList<TenantView> Tenants);
