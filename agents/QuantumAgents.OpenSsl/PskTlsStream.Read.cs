using System.Buffers;
using QuantumAgents.OpenSsl.Native;
using QuantumAgents.OpenSsl.Psk;

namespace QuantumAgents.OpenSsl;

/// <summary>Decrypting: SSL_read until it has a record's plaintext, feeding it from the inner stream.</summary>
public sealed partial class PskTlsStream
{
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return SyncInnerIo.Finish(ReadCoreAsync<SyncInnerIo>(buffer.AsMemory(offset, count), CancellationToken.None));
    }

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = SyncInnerIo.Finish(ReadCoreAsync<SyncInnerIo>(rented.AsMemory(0, buffer.Length), CancellationToken.None));
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadCoreAsync<AsyncInnerIo>(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Plaintext, or 0 once the peer sent close_notify. A connection cut without close_notify throws.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync<AsyncInnerIo>(buffer, cancellationToken);

    private async ValueTask<int> ReadCoreAsync<TIo>(Memory<byte> buffer, CancellationToken cancellationToken)
        where TIo : IInnerIo
    {
        EnsureAuthenticated();
        if (buffer.IsEmpty || _receivedCloseNotify)
        {
            return 0;
        }
        while (true)
        {
            (int Read, int SslError, OpenSslError Error, bool OutgoingPending) step;
            lock (_sslLock)
            {
                step = ReadLocked(buffer.Span);
            }
            if (step.OutgoingPending)
            {
                await FlushOutgoingAsync<TIo>(cancellationToken).ConfigureAwait(false);
            }
            switch (step.SslError)
            {
                case LibSsl.ErrorNone:
                    return step.Read;
                case LibSsl.ErrorZeroReturn:
                    _receivedCloseNotify = true;
                    return 0;
                case LibSsl.ErrorWantRead:
                    if (!await ReceiveAsync<TIo>(cancellationToken).ConfigureAwait(false))
                    {
                        ThrowHelper.ThrowTruncated();
                    }
                    break;
                default:
                    ThrowHelper.ThrowRecordError("SSL_read", step.SslError, step.Error);
                    break;
            }
        }
    }

    private unsafe (int Read, int SslError, OpenSslError Error, bool OutgoingPending) ReadLocked(Span<byte> buffer)
    {
        ThrowIfDisposedLocked();
        LibCrypto.ERR_clear_error();
        int result;
        nuint read;
        fixed (byte* bytes = buffer)
        {
            result = LibSsl.SSL_read_ex(_ssl!, bytes, (nuint)buffer.Length, out read);
        }
        var sslError = result == 1 ? LibSsl.ErrorNone : LibSsl.SSL_get_error(_ssl!, result);
        var error = sslError is LibSsl.ErrorSsl or LibSsl.ErrorSyscall ? OpenSslErrorQueue.Drain() : default;
        return ((int)read, sslError, error, LibCrypto.Pending(_writeBio!) > 0);
    }
}
