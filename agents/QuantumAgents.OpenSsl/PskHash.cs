namespace QuantumAgents.OpenSsl;

/// <summary>
/// The hash a TLS 1.3 external PSK is bound to (RFC 8446 §4.2.11). Both sides must agree: a key
/// offered with another hash is ignored by the server, so a context offers only the suites of
/// its hash.
/// </summary>
public enum PskHash
{
    /// <summary>TLS_AES_256_GCM_SHA384: the default, for 256-bit QKD keys.</summary>
    Sha384,

    /// <summary>TLS_AES_128_GCM_SHA256 and TLS_CHACHA20_POLY1305_SHA256 (what <c>openssl -psk</c> uses).</summary>
    Sha256,
}
