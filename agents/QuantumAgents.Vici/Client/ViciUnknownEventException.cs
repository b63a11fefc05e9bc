using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

/// <summary>The daemon answered EVENT_UNKNOWN to a registration: it has no such event.</summary>
public sealed class ViciUnknownEventException : ViciException
{
    public ViciUnknownEventException()
    {
    }

    public ViciUnknownEventException(string message) : base(message)
    {
    }

    public ViciUnknownEventException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
