namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// A change could not be written to the database. The control plane stops (its memory is ahead
/// of the disk) and the caller gets 503; on restart the database is the truth again.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message) : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
