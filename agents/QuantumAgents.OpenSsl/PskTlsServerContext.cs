using QuantumAgents.OpenSsl.Native;
using QuantumAgents.OpenSsl.Psk;

namespace QuantumAgents.OpenSsl;

/// <summary>
/// The server side's OpenSSL configuration, made once and shared by every connection. It never
/// holds a certificate, so a client without a known PSK cannot complete a handshake.
/// </summary>
public sealed unsafe class PskTlsServerContext : IDisposable
{
    public PskTlsServerContext(PskKeyLookup lookup, PskHash hash = PskHash.Sha384, PskTlsProtocols protocols = PskTlsProtocols.Tls13)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        Lookup = lookup;
        Hash = hash;
        Protocols = protocols;
        Handle = SslContextFactory.Create(server: true, hash, protocols);
        LibSsl.SSL_CTX_set_client_hello_cb(Handle, PskCallbacks.ClientHello, 0);
        LibSsl.SSL_CTX_set_psk_find_session_callback(Handle, PskCallbacks.FindSession);
        LibSsl.SSL_CTX_set_psk_server_callback(Handle, PskCallbacks.Tls12Server);
    }

    public PskKeyLookup Lookup { get; }

    public PskHash Hash { get; }

    public PskTlsProtocols Protocols { get; }

    internal SafeSslContextHandle Handle { get; }

    public void Dispose() => Handle.Dispose();
}
