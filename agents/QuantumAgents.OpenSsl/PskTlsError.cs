namespace QuantumAgents.OpenSsl;

/// <summary>Why a PSK handshake failed, in terms a person can act on.</summary>
public enum PskTlsError
{
    /// <summary>Anything not listed below; the OpenSSL error string says more.</summary>
    HandshakeFailed,

    /// <summary>Both sides know the identity, but their keys differ (bad binder, bad record MAC).</summary>
    WrongKey,

    /// <summary>The server has no key for the offered identity (or no key with this context's hash).</summary>
    UnknownIdentity,

    /// <summary>The server could not look the key up (the lookup threw: e.g. its KME is unreachable).</summary>
    KeyLookupFailed,

    /// <summary>The peer does not do PSK: it offered none, or (a server) presented a certificate instead.</summary>
    PeerNotUsingPsk,

    /// <summary>No common TLS version or suite, or a key bound to another hash.</summary>
    ProtocolMismatch,

    /// <summary>The connection ended in the middle of the handshake.</summary>
    ConnectionClosed,
}
