using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Tests.Store;

/// <summary>The background pruning of the audit records: at start, then every hour, by the configured retention.</summary>
public sealed class AuditRetentionTests : IAsyncLifetime
{
    private readonly TempStore _store = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(100 * 86_400));

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task Rows_older_than_the_retention_go_at_start_and_those_that_age_go_within_the_hour()
    {
        var now = _clock.GetUtcNow();
        await _store.Write(t =>
        {
            t.RecordDelivery("ancient", "cait", LedgerRole.Master, "cait-ccs", 256, now.AddDays(-31).ToUnixTimeSeconds());
            t.RecordDelivery("aging", "cait", LedgerRole.Master, "cait-ccs", 256, now.AddDays(-30).AddMinutes(30).ToUnixTimeSeconds());
        });
        using var retention = new AuditRetention(new KmeOptions { AuditRetentionDays = 30 }, _store.Store, _clock, NullLogger<AuditRetention>.Instance);

        await retention.StartAsync(CancellationToken.None);
        await WaitForLedgerAsync(1);
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM ledger WHERE key_id = 'aging'"));

        _clock.Advance(TimeSpan.FromHours(1));
        await WaitForLedgerAsync(0);
        await retention.StopAsync(CancellationToken.None);
    }

    private async Task WaitForLedgerAsync(long rows)
    {
        for (var attempt = 0; attempt < 200 && _store.Scalar("SELECT count(*) FROM ledger") != rows; attempt++)
        {
            await Task.Delay(25);
        }
        Assert.Equal(rows, _store.Scalar("SELECT count(*) FROM ledger"));
    }
}
