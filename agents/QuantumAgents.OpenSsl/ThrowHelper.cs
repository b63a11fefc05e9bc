using System.Diagnostics.CodeAnalysis;
using QuantumAgents.OpenSsl.Native;

namespace QuantumAgents.OpenSsl;

/// <summary>Cold throw paths, kept out of the hot read/write methods.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowOpenSslCallFailed(string function) =>
        throw new PskTlsException($"{function} failed", OpenSslErrorQueue.Drain().Text);

    [DoesNotReturn]
    public static void ThrowNotAuthenticated() =>
        throw new InvalidOperationException("the TLS-PSK handshake has not completed: call AuthenticateAsClient/AuthenticateAsServer first");

    [DoesNotReturn]
    public static void ThrowAlreadyAuthenticated() =>
        throw new InvalidOperationException("this stream has already been authenticated (one handshake per stream)");

    [DoesNotReturn]
    public static void ThrowShutDown() =>
        throw new InvalidOperationException("cannot write after ShutdownAsync: close_notify has been sent");

    [DoesNotReturn]
    public static void ThrowTruncated() =>
        throw new PskTlsException("the peer closed the connection without close_notify: the data may be truncated", "");

    [DoesNotReturn]
    public static void ThrowRecordError(string operation, int sslError, OpenSslError error) =>
        throw new PskTlsException($"{operation} failed (SSL_get_error {sslError})", error.Text);
}
