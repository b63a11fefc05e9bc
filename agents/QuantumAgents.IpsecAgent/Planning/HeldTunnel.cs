namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>
/// A tunnel this agent has loaded into charon, as it remembers it. Only the key_ID is kept:
/// the key itself went into charon and was zeroed.
/// </summary>
/// <param name="KeyId">The ETSI 014 key_ID loaded; null when adopted from charon after a restart of the agent.</param>
public sealed record HeldTunnel(string Role, string? KeyId, TunnelPhase Phase, string? Reason = null);
