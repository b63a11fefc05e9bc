namespace QuantumAgents.Cli.Failures;

/// <summary>The request was accepted but the service did not reach its goal (exit 1).</summary>
public sealed class NotReadyException(string message) : Exception(message);
