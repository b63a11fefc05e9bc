namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>
/// A tunnel this agent has loaded into charon, as it remembers it. Only the key_ID is kept:
/// the key itself went into charon and was zeroed.
/// </summary>
/// <param name="KeyId">The ETSI 014 key_ID loaded; null when adopted from charon after a restart of the agent.</param>
/// <param name="RekeyAt">Initiators: when a fresh key is due (<c>rekey_seconds</c> after the last one); null: never.</param>
public sealed record HeldTunnel(string Role, string? KeyId, TunnelPhase Phase, string? Reason = null, DateTimeOffset? RekeyAt = null);
