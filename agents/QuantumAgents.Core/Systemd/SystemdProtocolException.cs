namespace QuantumAgents.Core.Systemd;

/// <summary>A reply or signal from systemd did not have the shape its D-Bus API documents.</summary>
public sealed class SystemdProtocolException(string message) : Exception(message);
