namespace QuantumAgents.Core.Hosting;

/// <summary>The configuration cannot be used; the message is one line that names the field.</summary>
public sealed class DaemonConfigurationException(string message) : Exception(message);
