using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

/// <summary>The daemon answered CMD_UNKNOWN: it has no such command (an older charon, a typo).</summary>
public sealed class ViciUnknownCommandException : ViciException
{
    public ViciUnknownCommandException()
    {
    }

    public ViciUnknownCommandException(string message) : base(message)
    {
    }

    public ViciUnknownCommandException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
