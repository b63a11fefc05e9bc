using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Tests.Store;

public sealed class KmeStoreExpiryTests : IAsyncLifetime
{
    private const string Link = "cait-ccs";
    private const long ExpiresAt = 2_000;
    private readonly TempStore _store = new();

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    private Task InsertKey(string keyId, params string[] slaves) =>
        _store.Write(t => t.InsertKey(keyId, Link, "sae-cait", slaves, new byte[16], ExpiresAt));

    private Task<SlaveDelivery> Deliver(string keyId, string slave, long now) =>
        _store.Write(t => t.DeliverToSlave(keyId, "sae-cait", slave, now));

    [Fact]
    public async Task Keys_are_not_expired_before_their_time()
    {
        await InsertKey("k1", "sae-ccs");
        Assert.Equal(0, await _store.Write(t => t.ExpireKeys(ExpiresAt - 1)));
        Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs", ExpiresAt - 1));
    }

    [Fact]
    public async Task Expired_key_is_erased_and_then_refused_as_expired()
    {
        await InsertKey("k1", "sae-ccs");
        Assert.Equal(1, await _store.Write(t => t.ExpireKeys(ExpiresAt)));
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM keys"));
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM key_slaves"));

        var refused = Assert.IsType<SlaveDelivery.Refused>(await Deliver("k1", "sae-ccs", ExpiresAt + 1));
        Assert.Contains("expired", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Unauthorized);
    }

    [Fact]
    public async Task Key_past_its_time_is_refused_even_before_the_sweep()
    {
        await InsertKey("k1", "sae-ccs");
        var refused = Assert.IsType<SlaveDelivery.Refused>(await Deliver("k1", "sae-ccs", ExpiresAt));
        Assert.Contains("expired", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiry_records_only_the_slaves_that_had_not_fetched_the_key()
    {
        await InsertKey("k1", "sae-ccs", "sae-ccs-2");
        Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs", ExpiresAt - 10));
        Assert.Equal(1, await _store.Write(t => t.ExpireKeys(ExpiresAt)));

        var totals = await _store.Write(t => t.LedgerTotals());
        Assert.Equal((1L, 128L), totals[(Link, LedgerRole.Slave)]);
        Assert.Equal((1L, 128L), totals[(Link, LedgerRole.Expired)]);

        Assert.Contains("already delivered", Assert.IsType<SlaveDelivery.Refused>(await Deliver("k1", "sae-ccs", ExpiresAt + 1)).Message, StringComparison.Ordinal);
        Assert.Contains("expired", Assert.IsType<SlaveDelivery.Refused>(await Deliver("k1", "sae-ccs-2", ExpiresAt + 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_keys_due_are_expired()
    {
        await InsertKey("old", "sae-ccs");
        await _store.Write(t => t.InsertKey("young", Link, "sae-cait", ["sae-ccs"], new byte[16], ExpiresAt + 100));
        Assert.Equal(1, await _store.Write(t => t.ExpireKeys(ExpiresAt)));
        Assert.IsType<SlaveDelivery.Delivered>(await Deliver("young", "sae-ccs", ExpiresAt));
    }
}
