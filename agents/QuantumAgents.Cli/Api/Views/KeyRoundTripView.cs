namespace QuantumAgents.Cli.Api;

/// <summary>What <c>qactl key --json</c> prints: the key_ID and each end's SHA-256 of the key, never the key.</summary>
public sealed record KeyRoundTripView(string KeyId, int SizeBits, KeyEndView Master, KeyEndView Slave, bool Match);
