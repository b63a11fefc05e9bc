namespace QuantumAgents.OpenSsl;

/// <summary>The TLS versions a context speaks. TLS 1.2 PSK is an explicit, legacy option.</summary>
[Flags]
public enum PskTlsProtocols
{
    Tls13 = 1,

    /// <summary>
    /// TLS 1.2 PSK suites. Its identity arrives after the ClientHello, so a TLS 1.2 server waits for
    /// its key lookup on the handshaking thread (TLS 1.3 lookups never block a thread).
    /// </summary>
    Tls12 = 2,
}
