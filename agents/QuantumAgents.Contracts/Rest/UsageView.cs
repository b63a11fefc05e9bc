namespace QuantumAgents.Contracts;

/// <summary><c>GET /api/v1/usage</c>.</summary>
public sealed record UsageView(IReadOnlyList<TenantUsageView> Tenants);
