namespace QuantumAgents.Cli.Api;

/// <summary>One tenant's metered use.</summary>
public sealed record TenantUsageView(
    string Tenant, long TunnelsCreated, long SessionsCreated, long TunnelSeconds, long SessionSeconds, long EntropyBytes, long EntropyRequests);
