using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Sources;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Links;

/// <summary>
/// Grows the pools of the links this KME produces for: draws blocks from the key source at the
/// link's rate, sends each to the peer, and keeps it only once the peer has it too. With the
/// peer down the pool does not grow. A stream offset is recorded as used before its block
/// leaves, so a block the peer may hold is never re-sent with other material.
/// </summary>
public sealed partial class LinkProducer(LinkRegistry links, KmeStore store, ILogger<LinkProducer> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(links.All.Where(l => l.Options.Source.Producer).Select(l => ProduceAsync(l, stoppingToken)));

    private async Task ProduceAsync(QkdLink link, CancellationToken stoppingToken)
    {
        var pacer = new ProductionPacer(link.Options.Source.RateBitsPerSecond, link.Options.Source.PoolBits);
        var clock = Stopwatch.StartNew();
        var failing = false;
        LogProducing(link.Name, link.Source.Description, link.Options.Source.RateBitsPerSecond);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Tick, stoppingToken).ConfigureAwait(false);
                var due = pacer.BytesDue(clock.Elapsed, link.HeldBytes);
                while (due > 0)
                {
                    var produced = await ProduceBlockAsync(link, Math.Min(due, link.Options.Source.BlockBytes), stoppingToken).ConfigureAwait(false);
                    pacer.Produced(produced);
                    due -= produced;
                }
                if (failing)
                {
                    LogRecovered(link.Name);
                    failing = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is PeerUnreachableException or PeerRefusedException or KeySourceException)
            {
                if (!failing)
                {
                    LogStalled(link.Name, e.Message);
                    failing = true;
                }
                await Task.Delay(RetryAfterFailure, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A fault nobody foresaw (a source's bug, a store error) stalls this link, never
                // the KME: every other link and every key already stored stay served.
                LogFailed(link.Name, e);
                failing = true;
                await Task.Delay(RetryAfterFailure, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> ProduceBlockAsync(QkdLink link, int bytes, CancellationToken cancellationToken)
    {
        await link.BlockGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var offset = link.StreamEnd;
            var block = await link.Source.ProduceAsync(offset, bytes, cancellationToken).ConfigureAwait(false);
            var material = block.Material;
            try
            {
                var end = offset + material.Length;
                var owner = link.NextBlockOwner();
                await store.WriteBeforeSendingAsync(t => { t.SetStreamEnd(link.Name, end); return 0; }).ConfigureAwait(false);
                link.StreamEnd = end;
                await link.Peer.SendBlockAsync(block.Message with { Owner = owner }, cancellationToken).ConfigureAwait(false);
                await store.WriteAsync(t => { t.InsertPoolBlock(link.Name, offset, owner, material.AsReadOnlySpan()); return 0; }).ConfigureAwait(false);
                link.PoolOwnedBy(owner)!.Add(offset, material);
                link.CountProduced(material.Length);
                return material.Length;
            }
            catch
            {
                material.Dispose();
                throw;
            }
        }
        finally
        {
            link.BlockGate.Release();
        }
    }

    [LoggerMessage(LogLevel.Information, "link {Link}: producing key from {Source} at {Rate} bit/s")]
    private partial void LogProducing(string link, string source, long rate);

    [LoggerMessage(LogLevel.Warning, "link {Link}: key production stalled: {Reason}")]
    private partial void LogStalled(string link, string reason);

    [LoggerMessage(LogLevel.Error, "link {Link}: key production failed unexpectedly; retrying")]
    private partial void LogFailed(string link, Exception e);

    [LoggerMessage(LogLevel.Information, "link {Link}: key production resumed")]
    private partial void LogRecovered(string link);
}
