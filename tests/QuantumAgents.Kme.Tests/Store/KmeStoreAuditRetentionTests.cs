using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Tests.Store;

public sealed class KmeStoreAuditRetentionTests : IAsyncLifetime
{
    private readonly TempStore _store = new();

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task Pruning_deletes_ledger_and_stream_use_rows_recorded_before_the_cutoff_and_keeps_the_rest()
    {
        await _store.Write(t =>
        {
            t.InsertPoolBlock("cait-ccs", 0, "cait", new byte[256]);
            t.UsePoolRange("cait-ccs", new KeyRange(0, 32), StreamUse.Assigned, "old", 99);
            t.UsePoolRange("cait-ccs", new KeyRange(32, 32), StreamUse.Assigned, "new", 100);
            t.RecordDelivery("old", "cait", LedgerRole.Master, "cait-ccs", 256, 99);
            t.RecordDelivery("new", "cait", LedgerRole.Master, "cait-ccs", 256, 100);
        });

        Assert.Equal(2, await _store.Write(t => t.PruneAudit(100)));

        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM ledger WHERE key_id = 'old'") + _store.Scalar("SELECT count(*) FROM stream_uses WHERE ref = 'old'"));
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM ledger WHERE key_id = 'new'"));
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM stream_uses WHERE ref = 'new'"));
        Assert.Equal(0, await _store.Write(t => t.PruneAudit(100)));
    }
}
