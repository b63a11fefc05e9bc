using QuantumAgents.OpenSsl.Native;
using QuantumAgents.OpenSsl.Psk;

namespace QuantumAgents.OpenSsl;

/// <summary>
/// The client side's OpenSSL configuration, made once and shared by every connection (an
/// SSL_CTX). The peer must prove the PSK: the client verifies certificates against an empty trust
/// store, so a server that falls back to a certificate is refused.
/// </summary>
public sealed unsafe class PskTlsClientContext : IDisposable
{
    public PskTlsClientContext(PskHash hash = PskHash.Sha384, PskTlsProtocols protocols = PskTlsProtocols.Tls13)
    {
        Hash = hash;
        Protocols = protocols;
        Handle = SslContextFactory.Create(server: false, hash, protocols);
        LibSsl.SSL_CTX_set_verify(Handle, LibSsl.VerifyPeer, 0);
        LibSsl.SSL_CTX_set_psk_use_session_callback(Handle, PskCallbacks.UseSession);
        LibSsl.SSL_CTX_set_psk_client_callback(Handle, PskCallbacks.Tls12Client);
    }

    public PskHash Hash { get; }

    public PskTlsProtocols Protocols { get; }

    internal SafeSslContextHandle Handle { get; }

    public void Dispose() => Handle.Dispose();
}
