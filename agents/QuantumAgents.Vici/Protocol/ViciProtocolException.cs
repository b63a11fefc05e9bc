namespace QuantumAgents.Vici.Protocol;

/// <summary>
/// Bytes that are not a valid VICI segment: truncated, oversized, an unknown packet or element
/// type, unbalanced sections or lists. The connection that produced them cannot be trusted
/// further and is dropped.
/// </summary>
public sealed class ViciProtocolException : ViciException
{
    public ViciProtocolException()
    {
    }

    public ViciProtocolException(string message) : base(message)
    {
    }

    public ViciProtocolException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
