using System.Buffers;
using QuantumAgents.OpenSsl.Native;
using QuantumAgents.OpenSsl.Psk;

namespace QuantumAgents.OpenSsl;

/// <summary>Moving bytes between the memory BIOs and the inner stream.</summary>
public sealed partial class PskTlsStream
{
    /// <summary>What OpenSSL wrote to its write BIO, in a pooled buffer (null: nothing).</summary>
    private unsafe byte[]? TakeOutgoingLocked(out int length)
    {
        length = 0;
        var pending = LibCrypto.Pending(_writeBio!);
        if (pending <= 0)
        {
            return null;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(pending);
        fixed (byte* bytes = buffer)
        {
            length = LibCrypto.BIO_read(_writeBio!, bytes, pending);
        }
        if (length <= 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }
        return buffer;
    }

    /// <summary>
    /// Writes and returns a buffer from <see cref="TakeOutgoingLocked"/>. For a failed handshake's
    /// alert (<paramref name="alertOnly"/>) a broken connection is no news and not an error.
    /// </summary>
    private async ValueTask SendAsync<TIo>(byte[] buffer, int length, bool alertOnly, CancellationToken cancellationToken)
        where TIo : IInnerIo
    {
        try
        {
            await TIo.WriteAsync(_inner, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (alertOnly)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads from the inner stream into the read BIO; false at its end.</summary>
    private async ValueTask<bool> ReceiveAsync<TIo>(CancellationToken cancellationToken)
        where TIo : IInnerIo
    {
        byte[] buffer;
        lock (_sslLock)
        {
            ThrowIfDisposedLocked();
            buffer = _receiveBuffer;
            _receiving = true;
        }
        var received = 0;
        try
        {
            received = await TIo.ReadAsync(_inner, buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_sslLock)
            {
                _receiving = false;
                if (_disposed)
                {
                    ReturnReceiveBuffer();
                }
                else if (received > 0)
                {
                    FeedLocked(received);
                }
            }
        }
        return received > 0;
    }

    private unsafe void FeedLocked(int received)
    {
        ThrowIfDisposedLocked();
        fixed (byte* bytes = _receiveBuffer)
        {
            // A memory BIO grows as needed: it takes everything or fails for want of memory.
            if (LibCrypto.BIO_write(_readBio!, bytes, received) != received)
            {
                ThrowHelper.ThrowOpenSslCallFailed("BIO_write");
            }
        }
    }

    /// <summary>Sends whatever OpenSSL produced outside a write (e.g. a KeyUpdate answer), in order.</summary>
    private async ValueTask FlushOutgoingAsync<TIo>(CancellationToken cancellationToken)
        where TIo : IInnerIo
    {
        await TIo.EnterAsync(_sendGate, cancellationToken).ConfigureAwait(false);
        try
        {
            byte[]? outgoing;
            int length;
            lock (_sslLock)
            {
                ThrowIfDisposedLocked();
                outgoing = TakeOutgoingLocked(out length);
            }
            if (outgoing is not null)
            {
                await SendAsync<TIo>(outgoing, length, alertOnly: false, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }
}
