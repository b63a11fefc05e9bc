using System.Buffers;
using QuantumAgents.OpenSsl.Native;
using QuantumAgents.OpenSsl.Psk;

namespace QuantumAgents.OpenSsl;

/// <summary>Encrypting, and the close_notify that ends our direction.</summary>
public sealed partial class PskTlsStream
{
    /// <summary>Four 16 KiB records per SSL_write: fewer round trips through the lock and the inner stream.</summary>
    private const int MaxWriteChunk = 64 * 1024;

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        SyncInnerIo.Finish(WriteCoreAsync<SyncInnerIo>(buffer.AsMemory(offset, count), CancellationToken.None));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(rented);
            SyncInnerIo.Finish(WriteCoreAsync<SyncInnerIo>(rented.AsMemory(0, buffer.Length), CancellationToken.None));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteCoreAsync<AsyncInnerIo>(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        WriteCoreAsync<AsyncInnerIo>(buffer, cancellationToken);

    /// <summary>
    /// Sends close_notify: our direction is finished, the peer's reads return 0, and we can still
    /// read what it sends (TLS 1.3 half-close). Does not close the inner stream.
    /// </summary>
    public Task ShutdownAsync(CancellationToken cancellationToken = default) =>
        ShutdownCoreAsync<AsyncInnerIo>(cancellationToken).AsTask();

    /// <inheritdoc cref="ShutdownAsync"/>
    public void Shutdown() => SyncInnerIo.Finish(ShutdownCoreAsync<SyncInnerIo>(CancellationToken.None));

    private async ValueTask WriteCoreAsync<TIo>(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
        where TIo : IInnerIo
    {
        EnsureAuthenticated();
        await TIo.EnterAsync(_sendGate, cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sentCloseNotify)
            {
                ThrowHelper.ThrowShutDown();
            }
            while (!buffer.IsEmpty)
            {
                var chunk = buffer[..Math.Min(buffer.Length, MaxWriteChunk)];
                byte[]? outgoing;
                int length;
                lock (_sslLock)
                {
                    outgoing = WriteLocked(chunk.Span, out length);
                }
                if (outgoing is not null)
                {
                    await SendAsync<TIo>(outgoing, length, alertOnly: false, cancellationToken).ConfigureAwait(false);
                }
                buffer = buffer[chunk.Length..];
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private unsafe byte[]? WriteLocked(ReadOnlySpan<byte> chunk, out int length)
    {
        ThrowIfDisposedLocked();
        LibCrypto.ERR_clear_error();
        int result;
        fixed (byte* bytes = chunk)
        {
            result = LibSsl.SSL_write_ex(_ssl!, bytes, (nuint)chunk.Length, out _);
        }
        if (result != 1)
        {
            var sslError = LibSsl.SSL_get_error(_ssl!, result);
            ThrowHelper.ThrowRecordError("SSL_write", sslError, OpenSslErrorQueue.Drain());
        }
        return TakeOutgoingLocked(out length);
    }

    private async ValueTask ShutdownCoreAsync<TIo>(CancellationToken cancellationToken)
        where TIo : IInnerIo
    {
        EnsureAuthenticated();
        await TIo.EnterAsync(_sendGate, cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sentCloseNotify)
            {
                return;
            }
            byte[]? outgoing;
            int length;
            lock (_sslLock)
            {
                ThrowIfDisposedLocked();
                LibCrypto.ERR_clear_error();
                // 0 = sent, the peer's not yet seen; 1 = both done. Either way ours is out.
                if (LibSsl.SSL_shutdown(_ssl!) < 0)
                {
                    ThrowHelper.ThrowRecordError("SSL_shutdown", LibSsl.SSL_get_error(_ssl!, -1), OpenSslErrorQueue.Drain());
                }
                _sentCloseNotify = true;
                outgoing = TakeOutgoingLocked(out length);
            }
            if (outgoing is not null)
            {
                await SendAsync<TIo>(outgoing, length, alertOnly: false, cancellationToken).ConfigureAwait(false);
            }
            await TIo.FlushAsync(_inner, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }
}
