namespace QuantumAgents.Contracts;

/// <summary>One tenant's metered use, QKD key included (by budget), and its quota.</summary>
/// <param name="QkdBits">QKD key the tenant's services drew over their lifetime, by budget (live ones up to now).</param>
/// <param name="QkdBitsToday">The same, for the current UTC day.</param>
/// <param name="QkdCommittedBitsPerSecond">The sustained draw of the tenant's services now.</param>
public sealed record TenantUsageView(
    string Tenant, long TunnelsCreated, long SessionsCreated, long TunnelSeconds, long SessionSeconds, long EntropyBytes, long EntropyRequests,
    long QkdBits, long QkdBitsToday, double QkdCommittedBitsPerSecond, QuotaView Quota);
