namespace QuantumAgents.Core.Entropy.Health;

/// <summary>A source failed a continuous health test, or is out of service after one.</summary>
public sealed class EntropyHealthException : Exception
{
    public EntropyHealthException()
    {
    }

    public EntropyHealthException(string message) : base(message)
    {
    }

    public EntropyHealthException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
