namespace QuantumAgents.Kme.Forwarding;

/// <summary>A hop of a forwarding path has too little QKD key for the message; the message names the hop.</summary>
public sealed class HopOutOfKeyException(string link, long availableBits, long neededBits)
    : Exception($"not enough key material on hop {link}: {availableBits} bits available, {neededBits} needed");
