namespace QuantumAgents.ControlPlane.Auth;

public enum CallerRole
{
    /// <summary>Manages tenants and their tokens; reads everything.</summary>
    Admin,

    /// <summary>Creates, sees and deletes its own tunnels and sessions; draws entropy.</summary>
    Tenant,

    /// <summary>A node's agents: only that node's agent API.</summary>
    Node,
}
