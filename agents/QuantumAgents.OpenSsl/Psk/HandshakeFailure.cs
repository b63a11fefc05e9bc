using QuantumAgents.OpenSsl.Native;

namespace QuantumAgents.OpenSsl.Psk;

/// <summary>
/// Turns a failed handshake into a reason a person can act on. TLS says little (an unknown TLS 1.3
/// identity is a bare handshake_failure), so the server adds what its own callbacks saw, and the
/// client reads the alert the server sent.
/// </summary>
internal static class HandshakeFailure
{
    public static PskTlsAuthenticationException Describe(PskConnectionState state, int sslError, OpenSslError error) =>
        state switch
        {
            _ when state.CallbackFailure is { } failure =>
                new(PskTlsError.HandshakeFailed, $"a PSK callback failed: {failure.Message}", error.Text, failure),
            ServerPskState server => DescribeServer(server, error),
            _ => DescribeClient((ClientPskState)state, sslError, error),
        };

    public static PskTlsAuthenticationException PskNotUsed(PskConnectionState state, string cipher) =>
        new(PskTlsError.PeerNotUsingPsk,
            state is ServerPskState
                ? $"the handshake completed ({cipher}) without the PSK"
                : $"the server completed the handshake ({cipher}) without accepting our PSK",
            "no error queued");

    public static PskTlsAuthenticationException ConnectionClosed(PskConnectionState state) =>
        new(PskTlsError.ConnectionClosed,
            state is ServerPskState server && server.OfferedIdentity is { } identity
                ? $"the client closed the connection during the handshake (identity '{identity}')"
                : "the peer closed the connection during the handshake (not a TLS-PSK peer, or it refused us without an alert)",
            "no error queued");

    private static PskTlsAuthenticationException DescribeServer(ServerPskState state, OpenSslError error)
    {
        var identity = state.OfferedIdentity;
        if (state.LookupFailure is { } lookupFailure)
        {
            return new(PskTlsError.KeyLookupFailed, $"looking up the key of identity '{identity}' failed: {lookupFailure.Message}", error.Text, lookupFailure);
        }
        if (state.IdentityUnknown || error.SslReason == OpenSslError.PskIdentityNotFound)
        {
            var reason = state.UnknownReason is { } why ? $" ({why})" : "";
            return new(PskTlsError.UnknownIdentity, $"the client offered an unknown PSK identity '{identity}'{reason}", error.Text);
        }
        return error.SslReason switch
        {
            OpenSslError.BinderDoesNotVerify or OpenSslError.DecryptionFailedOrBadRecordMac =>
                new(PskTlsError.WrongKey, $"the client's key for identity '{identity}' differs from ours", error.Text),
            OpenSslError.NoSuitableSignatureAlgorithm or OpenSslError.NoSharedCipher when identity is null =>
                new(PskTlsError.PeerNotUsingPsk, "the client offered no PSK (and a PSK server has no certificate to fall back to)", error.Text),
            OpenSslError.NoSuitableSignatureAlgorithm or OpenSslError.BadExtension =>
                new(PskTlsError.ProtocolMismatch, $"the client's PSK '{identity}' is bound to another hash than this server's {state.Hash}", error.Text),
            OpenSslError.UnsupportedProtocol or OpenSslError.WrongVersionNumber or OpenSslError.NoSharedCipher =>
                new(PskTlsError.ProtocolMismatch, $"no TLS version or suite in common (this server: {state.Protocols}, {state.Hash})", error.Text),
            _ => new(PskTlsError.HandshakeFailed, identity is null ? "the handshake failed" : $"the handshake with identity '{identity}' failed", error.Text),
        };
    }

    private static PskTlsAuthenticationException DescribeClient(ClientPskState state, int sslError, OpenSslError error)
    {
        var identity = state.Identity;
        return error switch
        {
            _ when error.IsAlert(LibSsl.AlertIllegalParameter) || error.IsAlert(LibSsl.AlertDecryptError) || error.IsAlert(LibSsl.AlertBadRecordMac) || error.SslReason == OpenSslError.DecryptionFailedOrBadRecordMac =>
                new(PskTlsError.WrongKey, $"the server rejected our key for identity '{identity}' (its key differs)", error.Text),
            _ when error.IsAlert(LibSsl.AlertUnknownPskIdentity) =>
                new(PskTlsError.UnknownIdentity, $"the server does not know identity '{identity}'", error.Text),
            _ when error.IsAlert(LibSsl.AlertHandshakeFailure) =>
                new(PskTlsError.UnknownIdentity, $"the server found no usable PSK: it does not know identity '{identity}' or binds it to another hash than {state.Hash}", error.Text),
            _ when error.IsAlert(LibSsl.AlertInternalError) =>
                new(PskTlsError.HandshakeFailed, $"the server failed internally with identity '{identity}' (e.g. it could not reach its KME)", error.Text),
            _ when error.SslReason == OpenSslError.CertificateVerifyFailed =>
                new(PskTlsError.PeerNotUsingPsk, "the server ignored our PSK and presented a certificate", error.Text),
            _ when error.IsAlert(LibSsl.AlertProtocolVersion) || error.IsAlert(LibSsl.AlertDecodeError) || error.SslReason is OpenSslError.UnsupportedProtocol or OpenSslError.WrongVersionNumber =>
                new(PskTlsError.ProtocolMismatch, $"no TLS version, suite or PSK hash in common (this client: {state.Protocols}, {state.Hash})", error.Text),
            _ when error.SslReason == OpenSslError.UnexpectedEofWhileReading || sslError == LibSsl.ErrorSyscall =>
                new(PskTlsError.ConnectionClosed, "the server closed the connection during the handshake", error.Text),
            _ => new(PskTlsError.HandshakeFailed, $"the handshake with identity '{identity}' failed", error.Text),
        };
    }
}
