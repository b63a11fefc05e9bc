namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>Where this agent is with a tunnel it holds.</summary>
public enum TunnelPhase
{
    /// <summary>Key and connection are in charon; nothing is running.</summary>
    Loaded,

    /// <summary>The initiator is retrying <c>initiate</c> until the responder has its key too.</summary>
    Initiating,

    /// <summary>Initiation gave up; the reason is charon's.</summary>
    Failed,
}
