namespace QuantumAgents.OpenSsl;

/// <summary>
/// Thrown by a <see cref="PskKeyLookup"/> to say "no key for this identity" with the reason (e.g.
/// the KME's "key_ID … was already delivered"): the handshake fails as
/// <see cref="PskTlsError.UnknownIdentity"/>, not as a failed lookup. Returning null means the same
/// without a reason.
/// </summary>
public sealed class UnknownPskIdentityException : Exception
{
    public UnknownPskIdentityException()
    {
    }

    public UnknownPskIdentityException(string message)
        : base(message)
    {
    }

    public UnknownPskIdentityException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
