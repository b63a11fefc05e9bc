namespace QuantumAgents.Vici.Protocol;

/// <summary>Base of every error the VICI client reports.</summary>
public class ViciException : Exception
{
    public ViciException()
    {
    }

    public ViciException(string message) : base(message)
    {
    }

    public ViciException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
