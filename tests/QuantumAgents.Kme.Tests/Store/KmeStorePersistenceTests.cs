using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Tests.Store;

public sealed class KmeStorePersistenceTests : IAsyncLifetime
{
    private const string Link = "cait-ccs";
    private readonly TempStore _store = new();

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task Pool_keys_and_ledger_survive_a_reopen()
    {
        byte[] pool = [.. Enumerable.Range(0, 2000).Select(i => (byte)(i * 13))];
        byte[] key = [9, 8, 7, 6, 5, 4, 3, 2];
        await _store.Write(t =>
        {
            t.InsertPoolBlock(Link, 0, "ccs", pool);
            t.RemovePoolRange(Link, new KeyRange(100, 50));
            t.SetStreamEnd(Link, 2000);
            t.InsertKey("k1", Link, "sae-cait", ["sae-ccs", "sae-ccs-2"], key, long.MaxValue);
        });
        Assert.IsType<SlaveDelivery.Delivered>(await _store.Write(t => t.DeliverToSlave("k1", "sae-cait", "sae-ccs", 0)));

        await _store.ReopenAsync();

        var segments = await _store.Store.LoadPoolAsync(Link);
        Assert.Equal([0L, 150L], segments.Select(s => s.Start));
        Assert.All(segments, s => Assert.Equal("ccs", s.Owner));
        Assert.Equal(pool.AsSpan(0, 100).ToArray(), segments[0].Material.AsReadOnlySpan().ToArray());
        Assert.Equal(pool.AsSpan(150).ToArray(), segments[1].Material.AsReadOnlySpan().ToArray());
        Assert.Equal(2000, await _store.Store.LoadStreamEndAsync(Link));

        var again = Assert.IsType<SlaveDelivery.Refused>(await _store.Write(t => t.DeliverToSlave("k1", "sae-cait", "sae-ccs", 0)));
        Assert.Contains("already delivered", again.Message, StringComparison.Ordinal);
        var other = Assert.IsType<SlaveDelivery.Delivered>(await _store.Write(t => t.DeliverToSlave("k1", "sae-cait", "sae-ccs-2", 0)));
        Assert.Equal(key, other.Material.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public async Task Fully_consumed_key_is_still_refused_after_a_reopen()
    {
        await _store.Write(t => t.InsertKey("k1", Link, "sae-cait", ["sae-ccs"], new byte[8], long.MaxValue));
        Assert.IsType<SlaveDelivery.Delivered>(await _store.Write(t => t.DeliverToSlave("k1", "sae-cait", "sae-ccs", 0)));

        await _store.ReopenAsync();

        var refused = Assert.IsType<SlaveDelivery.Refused>(await _store.Write(t => t.DeliverToSlave("k1", "sae-cait", "sae-ccs", 0)));
        Assert.Contains("already delivered", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_queued_before_dispose_are_committed()
    {
        var writes = Enumerable.Range(0, 50).Select(i => _store.Store.WriteAsync(t => { t.SetStreamEnd("link-" + i, i); return i; })).ToList();
        await _store.ReopenAsync();
        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        Assert.Equal(49, await _store.Store.LoadStreamEndAsync("link-49"));
    }

    [Fact]
    public async Task Writing_after_dispose_is_refused()
    {
        var store = await KmeStore.OpenAsync(Path.Combine(_store.Directory, "other"));
        await store.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => { _ = store.WriteAsync(_ => 0); });
    }

    [Fact]
    public void The_database_lives_in_the_given_directory()
    {
        Assert.Equal(Path.Combine(_store.Directory, "kme.db"), _store.Store.Path);
        Assert.True(File.Exists(_store.Store.Path));
    }
}
