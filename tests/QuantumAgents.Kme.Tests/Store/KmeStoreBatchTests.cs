using QuantumAgents.Core.Tests.Storage;

namespace QuantumAgents.Kme.Tests.Store;

/// <summary>Group commit: writes share a transaction, yet each one succeeds or fails alone.</summary>
public sealed class KmeStoreBatchTests : IAsyncLifetime
{
    private readonly TempStore _store = new();

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task A_write_that_throws_rolls_back_alone_while_the_others_in_its_batch_commit()
    {
        using var hold = await WriterHold.StartAsync(work => _store.Store.WriteAsync(_ => work()));
        var before = Enumerable.Range(0, 5).Select(i => _store.Write(t => t.SetStreamEnd($"ok-{i}", 100 + i))).ToList();
        var failing = _store.Store.WriteAsync<int>(t =>
        {
            t.SetStreamEnd("failing", 1);
            t.InsertPoolBlock("failing", 0, "cait", new byte[10]);
            throw new InvalidOperationException("refused by the work itself");
        });
        var after = Enumerable.Range(5, 5).Select(i => _store.Write(t => t.SetStreamEnd($"ok-{i}", 100 + i))).ToList();
        await hold.ReleaseAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("refused by the work itself", error.Message);
        await Task.WhenAll(before.Concat(after));

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(100 + i, await _store.Store.LoadStreamEndAsync($"ok-{i}"));
        }
        Assert.Equal(0, await _store.Store.LoadStreamEndAsync("failing"));
        Assert.Empty(await _store.Store.LoadPoolAsync("failing"));
    }

    [Fact]
    public async Task A_write_that_breaks_a_constraint_fails_alone()
    {
        using var hold = await WriterHold.StartAsync(work => _store.Store.WriteAsync(_ => work()));
        var first = _store.Write(t => t.InsertPoolBlock("link", 0, "cait", new byte[10]));
        var duplicate = _store.Write(t => t.InsertPoolBlock("link", 0, "cait", new byte[10]));
        var other = _store.Write(t => t.InsertPoolBlock("link", 100, "cait", new byte[10]));
        await hold.ReleaseAsync();

        await first;
        await Assert.ThrowsAnyAsync<Exception>(() => duplicate);
        await other;
        var segments = await _store.Store.LoadPoolAsync("link");
        Assert.Equal([(0L, 10), (100L, 10)], segments.Select(s => (s.Start, s.Material.Length)));
    }

    [Fact]
    public async Task Results_come_back_to_each_caller()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => _store.Store.WriteAsync(_ => i * 2)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), results);
    }
}
