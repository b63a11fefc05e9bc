namespace QuantumAgents.OpenSsl;

/// <summary>A failure after the handshake: a bad record, a truncated connection, an OpenSSL call that failed.</summary>
public sealed class PskTlsException : IOException
{
    public PskTlsException(string explanation, string openSslError)
        : base(string.IsNullOrEmpty(openSslError) ? explanation : $"{explanation} [OpenSSL: {openSslError}]")
    {
        OpenSslError = openSslError;
    }

    public PskTlsException()
    {
    }

    public PskTlsException(string message)
        : base(message)
    {
    }

    public PskTlsException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public string OpenSslError { get; } = "";
}
