namespace QuantumAgents.ControlPlane.State;

/// <summary>A tenant's metered use. Lifetimes count finished resources; live ones are added when shown.</summary>
public sealed class TenantUsage
{
    public long TunnelsCreated { get; set; }

    public long SessionsCreated { get; set; }

    public long TunnelSeconds { get; set; }

    public long SessionSeconds { get; set; }

    public long EntropyBytes { get; set; }

    public long EntropyRequests { get; set; }

    public TenantUsage Copy() => (TenantUsage)MemberwiseClone();
}
