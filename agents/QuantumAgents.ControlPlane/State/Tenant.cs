namespace QuantumAgents.ControlPlane.State;

/// <summary>A tenant and the hashes of its tokens.</summary>
public sealed class Tenant(string name, DateTimeOffset createdAt)
{
    public string Name { get; } = name;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public HashSet<string> TokenHashes { get; } = new(StringComparer.Ordinal);

    public TenantUsage Usage { get; set; } = new();

    public TenantQuota Quota { get; set; } = TenantQuota.None;
}
