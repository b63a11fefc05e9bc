using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

/// <summary>The VICI socket could not be reached, or the daemon closed it (e.g. charon restarted).</summary>
public sealed class ViciConnectionException : ViciException
{
    public ViciConnectionException()
    {
    }

    public ViciConnectionException(string message) : base(message)
    {
    }

    public ViciConnectionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
