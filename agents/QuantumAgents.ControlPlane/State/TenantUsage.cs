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

    /// <summary>QKD key the tenant's services drew, by their budget (see <see cref="QkdMeter"/>), in bits.</summary>
    public long QkdBits { get; set; }

    /// <summary>The UTC day <see cref="QkdDayBits"/> counts (<see cref="QkdMeter.Day"/>).</summary>
    public long QkdDay { get; set; }

    /// <summary>QKD bits of finished services that fell on <see cref="QkdDay"/>.</summary>
    public long QkdDayBits { get; set; }

    public TenantUsage Copy() => (TenantUsage)MemberwiseClone();

    /// <summary>Adds the counters the database's <c>usage</c> row keeps (the QKD ones are metered apart, by day).</summary>
    public void Add(TenantUsage delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        TunnelsCreated += delta.TunnelsCreated;
        SessionsCreated += delta.SessionsCreated;
        TunnelSeconds += delta.TunnelSeconds;
        SessionSeconds += delta.SessionSeconds;
        EntropyBytes += delta.EntropyBytes;
        EntropyRequests += delta.EntropyRequests;
    }
}
