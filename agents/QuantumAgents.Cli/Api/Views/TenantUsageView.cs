namespace QuantumAgents.Cli.Api;

/// <summary>One tenant's metered use, QKD key included (by budget), and its quota.</summary>
public sealed record TenantUsageView(
    string Tenant, long TunnelsCreated, long SessionsCreated, long TunnelSeconds, long SessionSeconds, long EntropyBytes, long EntropyRequests,
    long QkdBits = 0, long QkdBitsToday = 0, double QkdCommittedBitsPerSecond = 0, QuotaView? Quota = null);
