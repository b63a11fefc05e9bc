namespace QuantumAgents.Core.Systemd;

/// <summary>systemd refused or failed an operation on a unit (unknown unit, a start job that failed, ...).</summary>
public class SystemdUnitException(string unit, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Unit { get; } = unit;
}
