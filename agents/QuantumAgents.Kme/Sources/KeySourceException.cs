namespace QuantumAgents.Kme.Sources;

/// <summary>A key source could not produce or redeem a block; the message says why.</summary>
public sealed class KeySourceException(string message, Exception? inner = null) : Exception(message, inner);
