using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Store;

/// <summary>What <see cref="ControlCommands.LoadAll"/> found in the database.</summary>
public sealed class StoredState
{
    public long Revision { get; set; }

    public Dictionary<string, Tenant> Tenants { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TenantUsage> Usage { get; } = new(StringComparer.Ordinal);

    public List<ServiceResource> Resources { get; } = [];

    public List<AgentRecord> Agents { get; } = [];
}
