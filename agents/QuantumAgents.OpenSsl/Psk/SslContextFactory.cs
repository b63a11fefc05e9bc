using QuantumAgents.OpenSsl.Native;

namespace QuantumAgents.OpenSsl.Psk;

/// <summary>
/// The SSL_CTX settings both roles share: only the chosen versions and the suites of the key's
/// hash, no compression, no renegotiation, no tickets, no session cache, no certificate.
/// </summary>
internal static unsafe class SslContextFactory
{
    public static SafeSslContextHandle Create(bool server, PskHash hash, PskTlsProtocols protocols)
    {
        if (!Enum.IsDefined(hash))
        {
            throw new ArgumentOutOfRangeException(nameof(hash), hash, "unknown PSK hash");
        }
        if (protocols == 0 || (protocols & ~(PskTlsProtocols.Tls12 | PskTlsProtocols.Tls13)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(protocols), protocols, "choose Tls13, Tls12 or both");
        }
        var ctx = LibSsl.SSL_CTX_new(server ? LibSsl.TLS_server_method() : LibSsl.TLS_client_method());
        if (ctx.IsInvalid)
        {
            ctx.Dispose();
            ThrowHelper.ThrowOpenSslCallFailed("SSL_CTX_new");
        }
        try
        {
            Configure(ctx, hash, protocols);
            return ctx;
        }
        catch
        {
            ctx.Dispose();
            throw;
        }
    }

    private static void Configure(SafeSslContextHandle ctx, PskHash hash, PskTlsProtocols protocols)
    {
        var min = protocols.HasFlag(PskTlsProtocols.Tls12) ? LibSsl.Tls12Version : LibSsl.Tls13Version;
        var max = protocols.HasFlag(PskTlsProtocols.Tls13) ? LibSsl.Tls13Version : LibSsl.Tls12Version;
        Require(LibSsl.SetMinProtocolVersion(ctx, min) && LibSsl.SetMaxProtocolVersion(ctx, max), "SSL_CTX_set_min/max_proto_version");
        fixed (byte* suites = PskSuites.Tls13(hash))
        {
            Require(LibSsl.SSL_CTX_set_ciphersuites(ctx, suites) == 1, "SSL_CTX_set_ciphersuites");
        }
        fixed (byte* ciphers = PskSuites.Tls12(hash))
        {
            // Only PSK suites for TLS 1.2: a certificate suite could never be negotiated.
            Require(LibSsl.SSL_CTX_set_cipher_list(ctx, ciphers) == 1, "SSL_CTX_set_cipher_list");
        }
        LibSsl.SSL_CTX_set_options(ctx, LibSsl.OptionNoCompression | LibSsl.OptionNoRenegotiation | LibSsl.OptionNoTicket);
        LibSsl.SetMode(ctx, LibSsl.ModeAcceptMovingWriteBuffer);
        // One QKD key per connection, used once: nothing may be resumed later without the KME.
        LibSsl.SetSessionCacheMode(ctx, LibSsl.SessionCacheOff);
        Require(LibSsl.SSL_CTX_set_num_tickets(ctx, 0) == 1, "SSL_CTX_set_num_tickets");
        LibSsl.SetDhAuto(ctx);
    }

    private static void Require(bool ok, string function)
    {
        if (!ok)
        {
            ThrowHelper.ThrowOpenSslCallFailed(function);
        }
    }
}
