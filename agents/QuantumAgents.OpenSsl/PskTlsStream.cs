using System.Buffers;
using QuantumAgents.OpenSsl.Native;
using QuantumAgents.OpenSsl.Psk;

namespace QuantumAgents.OpenSsl;

/// <summary>
/// TLS with an external pre-shared key (a QKD key) over any stream, through the system OpenSSL:
/// like SslStream, but authenticated by the PSK alone — no certificate, no tickets, no
/// resumption, no 0-RTT. OpenSSL works on two memory BIOs; this class moves their bytes to and
/// from the inner stream, so it never touches a socket itself.
/// <para>
/// One reader and one writer may run at the same time (a bidirectional pump). SSL calls are
/// serialized by a lock that is never held across I/O; bytes OpenSSL produced are sent under a
/// send gate, so records reach the peer in the order OpenSSL made them.
/// </para>
/// </summary>
public sealed partial class PskTlsStream : Stream
{
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly Stream _inner;
    private readonly bool _leaveInnerStreamOpen;
    private readonly Lock _sslLock = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private byte[] _receiveBuffer = [];
    private bool _receiving;
    private SafeSslHandle? _ssl;
    private SafeBioHandle? _readBio;
    private SafeBioHandle? _writeBio;
    private PskConnectionState? _state;
    private bool _authenticated;
    private bool _receivedCloseNotify;
    private bool _sentCloseNotify;
    private bool _disposed;

    public PskTlsStream(Stream innerStream, bool leaveInnerStreamOpen = false)
    {
        ArgumentNullException.ThrowIfNull(innerStream);
        _inner = innerStream;
        _leaveInnerStreamOpen = leaveInnerStreamOpen;
    }

    public bool IsAuthenticated => _authenticated;

    /// <summary>The identity of the key this connection used (known to the server once the handshake succeeded).</summary>
    public PskIdentity? Identity { get; private set; }

    /// <summary>"TLSv1.3" or "TLSv1.2".</summary>
    public string? NegotiatedProtocol { get; private set; }

    /// <summary>OpenSSL's name of the suite, e.g. "TLS_AES_256_GCM_SHA384".</summary>
    public string? NegotiatedCipherSuite { get; private set; }

    public override bool CanRead => !_disposed;

    public override bool CanWrite => !_disposed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            lock (_sslLock)
            {
                _disposed = true;
                // SSL_free first: after it no callback can reach the state, which may then go.
                _ssl?.Dispose();
                _readBio?.Dispose();
                _writeBio?.Dispose();
                _state?.Dispose();
                // A read still in flight owns the buffer; it returns it when it comes back.
                if (!_receiving)
                {
                    ReturnReceiveBuffer();
                }
            }
            if (!_leaveInnerStreamOpen)
            {
                _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    private void ReturnReceiveBuffer()
    {
        if (_receiveBuffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_receiveBuffer);
            _receiveBuffer = [];
        }
    }

    private void ThrowIfDisposedLocked() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void EnsureAuthenticated()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_authenticated)
        {
            ThrowHelper.ThrowNotAuthenticated();
        }
    }
}
