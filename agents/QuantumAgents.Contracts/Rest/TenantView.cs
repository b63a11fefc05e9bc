namespace QuantumAgents.Contracts;

/// <summary>A tenant, its tokens (by id) and its quota.</summary>
public sealed record TenantView(string Name, DateTimeOffset CreatedAt, IReadOnlyList<string> TokenIds, QuotaView Quota);
