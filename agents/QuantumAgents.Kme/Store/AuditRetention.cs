using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Store;

/// <summary>Prunes ledger and stream-use rows older than <c>audit_retention_days</c>: at start, then hourly.</summary>
public sealed partial class AuditRetention(KmeOptions options, KmeStore store, TimeProvider time, ILogger<AuditRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            var before = time.GetUtcNow().AddDays(-options.AuditRetentionDays).ToUnixTimeSeconds();
            try
            {
                var pruned = await store.WriteAsync(t => t.PruneAudit(before)).ConfigureAwait(false);
                if (pruned > 0)
                {
                    LogPruned(pruned, options.AuditRetentionDays);
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // Never take the KME down for housekeeping; the next hour tries again.
                LogPruneFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(LogLevel.Information, "pruned {Count} audit row(s) older than {Days} days")]
    private partial void LogPruned(int count, int days);

    [LoggerMessage(LogLevel.Error, "pruning the audit records failed; retrying in an hour")]
    private partial void LogPruneFailed(Exception e);
}
