namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// What the admin lets a tenant commit of the QKD key: a sustained rate (the sum of its
/// services' draws) and the bits of a UTC day. Null is no limit; the links' budget still applies.
/// </summary>
public sealed record TenantQuota(long? BitsPerSecond, long? BitsPerDay)
{
    public static readonly TenantQuota None = new(null, null);
}
