using System.Buffers;
using System.Runtime.InteropServices;
using QuantumAgents.Core.Secrets;
using QuantumAgents.OpenSsl.Native;
using QuantumAgents.OpenSsl.Psk;

namespace QuantumAgents.OpenSsl;

public sealed partial class PskTlsStream
{
    /// <summary>
    /// Client handshake with <paramref name="key"/> as the external PSK of <paramref name="identity"/>.
    /// The stream takes ownership of <paramref name="key"/> and zeroes it when the handshake ends.
    /// Fails unless the server proved it holds the same key.
    /// </summary>
    public Task AuthenticateAsClientAsync(PskTlsClientContext context, PskIdentity identity, SecretBytes key, CancellationToken cancellationToken = default)
    {
        StartClient(context, identity, key);
        return HandshakeAsync<AsyncInnerIo>(cancellationToken).AsTask();
    }

    /// <inheritdoc cref="AuthenticateAsClientAsync"/>
    public void AuthenticateAsClient(PskTlsClientContext context, PskIdentity identity, SecretBytes key)
    {
        StartClient(context, identity, key);
        SyncInnerIo.Finish(HandshakeAsync<SyncInnerIo>(CancellationToken.None));
    }

    /// <summary>
    /// Server handshake: the client's identity is looked up with the context's
    /// <see cref="PskKeyLookup"/> while the handshake waits (TLS 1.3: without holding a thread).
    /// <paramref name="cancellationToken"/> also reaches the lookup.
    /// </summary>
    public Task AuthenticateAsServerAsync(PskTlsServerContext context, CancellationToken cancellationToken = default)
    {
        StartServer(context, cancellationToken);
        return HandshakeAsync<AsyncInnerIo>(cancellationToken).AsTask();
    }

    /// <inheritdoc cref="AuthenticateAsServerAsync"/>
    public void AuthenticateAsServer(PskTlsServerContext context)
    {
        StartServer(context, CancellationToken.None);
        SyncInnerIo.Finish(HandshakeAsync<SyncInnerIo>(CancellationToken.None));
    }

    private void StartClient(PskTlsClientContext context, PskIdentity identity, SecretBytes key)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            key.Dispose();
            throw new ArgumentException("the PSK is empty", nameof(key));
        }
        Identity = identity;
        Start(context.Handle, new ClientPskState(identity, key, context.Hash, context.Protocols), connect: true);
    }

    private void StartServer(PskTlsServerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Start(context.Handle, new ServerPskState(context.Lookup, context.Hash, context.Protocols, cancellationToken), connect: false);
    }

    private void Start(SafeSslContextHandle context, PskConnectionState state, bool connect)
    {
        lock (_sslLock)
        {
            if (_disposed || _state is not null)
            {
                state.Dispose();
                ObjectDisposedException.ThrowIf(_disposed, this);
                ThrowHelper.ThrowAlreadyAuthenticated();
            }
            _state = state;
            _receiveBuffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
            _ssl = LibSsl.SSL_new(context);
            _readBio = LibCrypto.BIO_new(LibCrypto.BIO_s_mem());
            _writeBio = LibCrypto.BIO_new(LibCrypto.BIO_s_mem());
            if (_ssl.IsInvalid || _readBio.IsInvalid || _writeBio.IsInvalid)
            {
                ThrowHelper.ThrowOpenSslCallFailed("SSL_new/BIO_new");
            }
            // SSL_set_bio takes one reference to each BIO; our handles keep their own.
            LibCrypto.BIO_up_ref(_readBio);
            LibCrypto.BIO_up_ref(_writeBio);
            LibSsl.SSL_set_bio(_ssl, _readBio, _writeBio);
            state.Attach(_ssl);
            if (connect)
            {
                LibSsl.SSL_set_connect_state(_ssl);
            }
            else
            {
                LibSsl.SSL_set_accept_state(_ssl);
            }
        }
    }

    private async ValueTask HandshakeAsync<TIo>(CancellationToken cancellationToken)
        where TIo : IInnerIo
    {
        var state = _state!;
        try
        {
            while (true)
            {
                (int SslError, OpenSslError Error, byte[]? Outgoing, int Length) step;
                lock (_sslLock)
                {
                    step = HandshakeStepLocked();
                }
                if (step.Outgoing is not null)
                {
                    await SendAsync<TIo>(step.Outgoing, step.Length, alertOnly: step.SslError is LibSsl.ErrorSsl or LibSsl.ErrorSyscall, cancellationToken).ConfigureAwait(false);
                }
                switch (step.SslError)
                {
                    case LibSsl.ErrorNone:
                        lock (_sslLock)
                        {
                            CompleteHandshakeLocked(state);
                        }
                        return;
                    case LibSsl.ErrorWantRead:
                        if (!await ReceiveAsync<TIo>(cancellationToken).ConfigureAwait(false))
                        {
                            throw HandshakeFailure.ConnectionClosed(state);
                        }
                        break;
                    case LibSsl.ErrorWantClientHelloCallback when state is ServerPskState { Lookup: { } lookup }:
                        await TIo.WaitForAsync(lookup, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        throw HandshakeFailure.Describe(state, step.SslError, step.Error);
                }
            }
        }
        finally
        {
            state.ReleaseKey();
        }
    }

    private (int SslError, OpenSslError Error, byte[]? Outgoing, int Length) HandshakeStepLocked()
    {
        ThrowIfDisposedLocked();
        LibCrypto.ERR_clear_error();
        var result = LibSsl.SSL_do_handshake(_ssl!);
        var sslError = result == 1 ? LibSsl.ErrorNone : LibSsl.SSL_get_error(_ssl!, result);
        var error = sslError is LibSsl.ErrorSsl or LibSsl.ErrorSyscall ? OpenSslErrorQueue.Drain() : default;
        // Also after a failure: the alert must reach the peer.
        var outgoing = TakeOutgoingLocked(out var length);
        return (sslError, error, outgoing, length);
    }

    private void CompleteHandshakeLocked(PskConnectionState state)
    {
        ThrowIfDisposedLocked();
        NegotiatedProtocol = Marshal.PtrToStringUTF8(LibSsl.SSL_get_version(_ssl!));
        NegotiatedCipherSuite = Marshal.PtrToStringUTF8(LibSsl.SSL_CIPHER_get_name(LibSsl.SSL_get_current_cipher(_ssl!)));
        // TLS 1.3 suite names do not say "PSK": only "the session was reused" proves our key was
        // accepted. TLS 1.2 is configured with PSK suites alone.
        if (NegotiatedProtocol == "TLSv1.3" && LibSsl.SSL_session_reused(_ssl!) != 1)
        {
            throw HandshakeFailure.PskNotUsed(state, NegotiatedCipherSuite ?? "?");
        }
        if (state is ServerPskState server)
        {
            Identity = server.Identity;
        }
        _authenticated = true;
    }
}
