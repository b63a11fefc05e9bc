using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.State;

/// <summary>Each kind of resource is served by the agent of the same name on both nodes.</summary>
public static class ResourceKinds
{
    public static AgentKind Agent(this ResourceKind kind) => kind == ResourceKind.Ipsec ? AgentKind.Ipsec : AgentKind.Tls;

    public static ResourceKind? ResourceKindOf(this AgentKind agentKind) => agentKind switch
    {
        AgentKind.Ipsec => ResourceKind.Ipsec,
        AgentKind.Tls => ResourceKind.Tls,
        _ => null,
    };
}
