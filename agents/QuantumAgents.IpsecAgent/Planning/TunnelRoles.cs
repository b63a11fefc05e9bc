namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>The roles of the agent API: side <c>a</c> initiates (master SAE), side <c>b</c> responds.</summary>
public static class TunnelRoles
{
    public const string Initiator = "initiator";
    public const string Responder = "responder";
}
