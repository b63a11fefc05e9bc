using System.Security.Authentication;

namespace QuantumAgents.OpenSsl;

/// <summary>A PSK handshake failed; <see cref="Error"/> says why, <see cref="OpenSslError"/> is OpenSSL's own text.</summary>
public sealed class PskTlsAuthenticationException : AuthenticationException
{
    public PskTlsAuthenticationException(PskTlsError error, string explanation, string openSslError, Exception? inner = null)
        : base($"TLS-PSK handshake failed ({error}): {explanation} [OpenSSL: {openSslError}]", inner)
    {
        Error = error;
        OpenSslError = openSslError;
    }

    public PskTlsAuthenticationException()
        : this(PskTlsError.HandshakeFailed, "unspecified", "")
    {
    }

    public PskTlsAuthenticationException(string message)
        : base(message)
    {
    }

    public PskTlsAuthenticationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PskTlsError Error { get; }

    /// <summary>ERR_error_string_n of every queued error, e.g. "error:0A0000FD:SSL routines::binder does not verify".</summary>
    public string OpenSslError { get; } = "";
}
