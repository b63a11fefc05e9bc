namespace QuantumAgents.Core.Systemd;

/// <summary>systemd cannot be reached over D-Bus: no bus, no <c>org.freedesktop.systemd1</c> on it, or the connection was lost.</summary>
public sealed class SystemdUnavailableException(string busAddress, string reason, Exception? inner = null)
    : Exception($"systemd not reachable over D-Bus at {busAddress}: {reason}", inner)
{
    public string BusAddress { get; } = busAddress;
}
