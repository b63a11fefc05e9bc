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

    /// <summary>
    /// Initiator: a fresh key is loaded next to the running SA and its key_ID reported; the
    /// re-authentication waits until the responder says it holds that key too.
    /// </summary>
    Rekeying,
}
