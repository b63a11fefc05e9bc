using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Keys;

/// <summary>Erases keys that their slave SAEs did not fetch within <c>keys.ttl_seconds</c> (recorded in the ledger).</summary>
public sealed partial class KeyExpiry(KmeStore store, TimeProvider time, ILogger<KeyExpiry> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            try
            {
                var expired = await store.WriteAsync(t => t.ExpireKeys(now)).ConfigureAwait(false);
                if (expired > 0)
                {
                    LogExpired(expired);
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // Never take the KME down for a sweep; the next tick tries again.
                LogSweepFailed(e);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "erased {Count} key(s) that their slave SAEs did not fetch in time")]
    private partial void LogExpired(int count);

    [LoggerMessage(LogLevel.Error, "erasing expired keys failed; retrying")]
    private partial void LogSweepFailed(Exception e);
}
