namespace QuantumAgents.IpsecAgent.Initiating;

/// <summary>How an initiation ended: the tunnel is up, or it gave up with charon's reason.</summary>
public sealed record InitiationOutcome(string TunnelId, string? FailureReason)
{
    public bool IsUp => FailureReason is null;
}
