using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Tests.Store;

public sealed class KmeStoreDeliveryTests : IAsyncLifetime
{
    private const string Link = "cait-ccs";
    private const long Now = 1_000_000;
    private static readonly byte[] Material = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 3))];
    private readonly TempStore _store = new();

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    private Task InsertKey(string keyId, params string[] slaves) =>
        _store.Write(t => t.InsertKey(keyId, Link, "sae-cait", slaves, Material, Now + 60));

    private Task<SlaveDelivery> Deliver(string keyId, string slave, string master = "sae-cait", long now = Now) =>
        _store.Write(t => t.DeliverToSlave(keyId, master, slave, now));

    private static SlaveDelivery.Refused Refused(SlaveDelivery delivery) => Assert.IsType<SlaveDelivery.Refused>(delivery);

    [Fact]
    public async Task Key_is_delivered_to_its_slave_with_its_material()
    {
        await InsertKey("k1", "sae-ccs");
        var delivered = Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs"));
        Assert.Equal("k1", delivered.KeyId);
        Assert.Equal(Material, delivered.Material.AsReadOnlySpan().ToArray());
        delivered.Material.Dispose();
    }

    [Fact]
    public async Task Disposing_a_delivery_zeroes_its_material()
    {
        await InsertKey("k1", "sae-ccs");
        var delivered = Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs"));
        delivered.Dispose();
        Assert.True(delivered.Material.IsDisposed);
    }

    [Fact]
    public async Task Consumed_key_is_refused_the_second_time()
    {
        await InsertKey("k1", "sae-ccs");
        Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs"));
        var second = Refused(await Deliver("k1", "sae-ccs"));
        Assert.Contains("already delivered", second.Message, StringComparison.Ordinal);
        Assert.False(second.Unauthorized);
    }

    [Fact]
    public async Task Key_with_a_single_slave_is_erased_once_delivered()
    {
        await InsertKey("k1", "sae-ccs");
        await Deliver("k1", "sae-ccs");
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM keys"));
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM key_slaves"));
    }

    [Fact]
    public async Task Wrong_slave_is_unauthorized_and_the_key_stays_for_the_right_one()
    {
        await InsertKey("k1", "sae-ccs");
        var refused = Refused(await Deliver("k1", "sae-intruder"));
        Assert.True(refused.Unauthorized);
        Assert.Contains("sae-intruder", refused.Message, StringComparison.Ordinal);

        var delivered = Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs"));
        Assert.Equal(Material, delivered.Material.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public async Task Wrong_master_is_refused_and_the_key_stays()
    {
        await InsertKey("k1", "sae-ccs");
        var refused = Refused(await Deliver("k1", "sae-ccs", master: "sae-other"));
        Assert.Contains("master", refused.Message, StringComparison.Ordinal);
        Assert.Contains("sae-other", refused.Message, StringComparison.Ordinal);
        Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs"));
    }

    [Fact]
    public async Task Unknown_key_is_refused_as_unknown()
    {
        var refused = Refused(await Deliver("no-such-key", "sae-ccs"));
        Assert.Contains("unknown", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Unauthorized);
    }

    [Fact]
    public async Task Multi_slave_key_is_erased_only_after_every_slave_got_it()
    {
        await InsertKey("k1", "sae-ccs", "sae-ccs-2");
        var first = Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs"));
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM keys"));
        Assert.Contains("already delivered", Refused(await Deliver("k1", "sae-ccs")).Message, StringComparison.Ordinal);

        var second = Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs-2"));
        Assert.Equal(Material, second.Material.AsReadOnlySpan().ToArray());
        Assert.True(first.Material.ContentEquals(second.Material.AsReadOnlySpan()));
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM keys"));

        Assert.Contains("already delivered", Refused(await Deliver("k1", "sae-ccs")).Message, StringComparison.Ordinal);
        Assert.Contains("already delivered", Refused(await Deliver("k1", "sae-ccs-2")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_are_recorded_in_the_ledger_by_link_and_role()
    {
        await InsertKey("k1", "sae-ccs", "sae-ccs-2");
        await _store.Write(t => t.RecordDelivery("k1", "sae-cait", LedgerRole.Master, Link, 256, Now));
        await Deliver("k1", "sae-ccs");
        await Deliver("k1", "sae-ccs-2");
        var totals = await _store.Write(t => t.LedgerTotals());
        Assert.Equal((1L, 256L), totals[(Link, LedgerRole.Master)]);
        Assert.Equal((2L, 512L), totals[(Link, LedgerRole.Slave)]);
        Assert.False(totals.ContainsKey((Link, LedgerRole.Expired)));
    }

    [Fact]
    public async Task Inserting_a_key_id_twice_fails_and_keeps_the_first()
    {
        await InsertKey("k1", "sae-ccs");
        await Assert.ThrowsAnyAsync<Exception>(() => _store.Write(t => t.InsertKey("k1", Link, "sae-cait", ["sae-ccs"], new byte[32], Now + 60)));
        var delivered = Assert.IsType<SlaveDelivery.Delivered>(await Deliver("k1", "sae-ccs"));
        Assert.Equal(Material, delivered.Material.AsReadOnlySpan().ToArray());
    }
}
