using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Kinds;

/// <summary>The registered kinds of service, by the agent kind that serves each.</summary>
public sealed class ServiceKinds
{
    private readonly Dictionary<AgentKind, IServiceKind> _byAgent = [];

    public ServiceKinds(IEnumerable<IServiceKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        All = [.. kinds];
        foreach (var kind in All)
        {
            _byAgent.Add(kind.AgentKind, kind);
        }
    }

    /// <summary>In the order they were registered.</summary>
    public IReadOnlyList<IServiceKind> All { get; }

    /// <summary>The kind the agent serves, or null for an agent that serves none (QRNG).</summary>
    public IServiceKind? Served(AgentKind agentKind) => _byAgent.GetValueOrDefault(agentKind);

    public IServiceKind Of(ServiceResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return _byAgent[resource.Kind];
    }
}
