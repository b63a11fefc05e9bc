namespace QuantumAgents.ControlPlane.State;

/// <summary>What a user can create; each kind is served by the agent of the same name on both nodes.</summary>
public enum ResourceKind
{
    Ipsec,
    Tls,
}
