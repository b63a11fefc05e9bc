using System.Buffers;
using QuantumAgents.OpenSsl;
using QuantumAgents.Sockets;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// One connection through the agents: a plain TCP connection on one side, the TLS-PSK stream to
/// the other agent on the other, both on the same epoll loop, so the pump never changes threads.
/// Bytes flow both ways with one 64 KiB buffer per direction, each write awaited before the next
/// read (backpressure: a slow reader slows the writer, nothing piles up). An end of stream is
/// passed on as a half-close (FIN, or close_notify); an error in either direction resets both
/// sides, so an application never mistakes a cut transfer for a complete one.
/// </summary>
public sealed class ProxiedConnection(EpollSocketStream plain, EpollSocketStream tunnel, PskTlsStream tls, bool plainIsClientSide, SessionTraffic traffic) : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private int _aborted;

    public async Task PumpAsync(CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var abortOnFailure = failed.Token.Register(Abort).ConfigureAwait(false);
        var towardsTls = Direction(failed, plain, tls, toServer: plainIsClientSide, () => tls.ShutdownAsync(failed.Token));
        var towardsPlain = Direction(failed, tls, plain, toServer: !plainIsClientSide, () =>
        {
            plain.ShutdownSend();
            return Task.CompletedTask;
        });
        await Task.WhenAll(towardsTls, towardsPlain).ConfigureAwait(false);
    }

    private async Task Direction(CancellationTokenSource failed, Stream from, Stream to, bool toServer, Func<Task> endOfStream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer.AsMemory(0, BufferSize), failed.Token).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), failed.Token).ConfigureAwait(false);
                traffic.Carried(toServer, read);
            }
            await endOfStream().ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            // Application data passed through here: do not hand it to the next renter.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>Resets both TCP connections (linger 0 sends RST), which also ends any pending read.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }
        plain.Abort();
        tunnel.Abort();
    }

    public void Dispose()
    {
        tls.Dispose();
        plain.Dispose();
        tunnel.Dispose();
    }
}
