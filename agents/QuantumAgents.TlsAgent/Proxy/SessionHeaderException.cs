namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>The first bytes inside a TLS connection were not a session header of ours.</summary>
public sealed class SessionHeaderException : IOException
{
    public SessionHeaderException()
    {
    }

    public SessionHeaderException(string message)
        : base(message)
    {
    }

    public SessionHeaderException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
