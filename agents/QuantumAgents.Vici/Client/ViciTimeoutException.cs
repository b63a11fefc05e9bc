using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

/// <summary>The daemon did not answer within the client's response timeout; the connection is dropped.</summary>
public sealed class ViciTimeoutException : ViciException
{
    public ViciTimeoutException()
    {
    }

    public ViciTimeoutException(string message) : base(message)
    {
    }

    public ViciTimeoutException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
