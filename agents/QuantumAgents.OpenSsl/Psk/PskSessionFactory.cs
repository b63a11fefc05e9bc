using QuantumAgents.OpenSsl.Native;

namespace QuantumAgents.OpenSsl.Psk;

/// <summary>
/// Builds the SSL_SESSION that carries an external TLS 1.3 PSK: the key as master key, and a
/// suite that fixes its hash. One per handshake, so its default lifetime (304 s from now) never
/// matters; OpenSSL owns it once returned from a callback, and cleanses the key when it frees it.
/// </summary>
internal static unsafe class PskSessionFactory
{
    public static nint FindCipher(nint ssl, PskHash hash)
    {
        fixed (byte* code = PskSuites.SessionCipher(hash))
        {
            return LibSsl.SSL_CIPHER_find(ssl, code);
        }
    }

    /// <summary>A new session, or 0 if OpenSSL refused (the handshake then fails).</summary>
    public static nint Create(nint ssl, nint cipher, ReadOnlySpan<byte> key)
    {
        if (cipher == 0)
        {
            return 0;
        }
        var session = LibSsl.SSL_SESSION_new();
        if (session == 0)
        {
            return 0;
        }
        fixed (byte* keyBytes = key)
        {
            if (LibSsl.SSL_SESSION_set1_master_key(session, keyBytes, (nuint)key.Length) != 1
                || LibSsl.SSL_SESSION_set_cipher(session, cipher) != 1
                || LibSsl.SSL_SESSION_set_protocol_version(session, LibSsl.Tls13Version) != 1)
            {
                LibSsl.SSL_SESSION_free(session);
                return 0;
            }
        }
        return session;
    }
}
