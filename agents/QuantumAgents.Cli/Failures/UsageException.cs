namespace QuantumAgents.Cli.Failures;

/// <summary>A command line the parser accepted but that cannot be run as given (exit 2).</summary>
public sealed class UsageException(string message) : Exception(message);
