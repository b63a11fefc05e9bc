namespace QuantumAgents.Contracts;

/// <summary>A tenant's QKD quota (<c>PUT /api/v1/tenants/{name}/quota</c>); null is no limit.</summary>
public sealed record QuotaView(long? BitsPerSecond, long? BitsPerDay);
