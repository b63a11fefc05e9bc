namespace QuantumAgents.OpenSsl.Psk;

/// <summary>The suites a context offers for a key's hash: only those, so a key is never used with two hashes.</summary>
internal static class PskSuites
{
    /// <summary>TLS 1.3 suites (SSL_CTX_set_ciphersuites), NUL-terminated.</summary>
    public static ReadOnlySpan<byte> Tls13(PskHash hash) => hash == PskHash.Sha384
        ? "TLS_AES_256_GCM_SHA384\0"u8
        : "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256\0"u8;

    /// <summary>TLS 1.2 PSK suites (SSL_CTX_set_cipher_list): forward-secret (EC)DHE-PSK first, plain PSK for peers without.</summary>
    public static ReadOnlySpan<byte> Tls12(PskHash hash) => hash == PskHash.Sha384
        ? "DHE-PSK-AES256-GCM-SHA384:PSK-AES256-GCM-SHA384\0"u8
        : "ECDHE-PSK-CHACHA20-POLY1305:DHE-PSK-AES128-GCM-SHA256:PSK-AES128-GCM-SHA256\0"u8;

    /// <summary>The IANA code of the TLS 1.3 suite whose hash the PSK session carries.</summary>
    public static ReadOnlySpan<byte> SessionCipher(PskHash hash) => hash == PskHash.Sha384 ? [0x13, 0x02] : [0x13, 0x01];
}
