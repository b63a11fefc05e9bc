namespace QuantumAgents.Cli.Config;

/// <summary>qactl cannot work with its configuration; the message says where it looked and what to fix.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
