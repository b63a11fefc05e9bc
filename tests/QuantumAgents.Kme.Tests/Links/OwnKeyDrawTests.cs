using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Tests.Store;

namespace QuantumAgents.Kme.Tests.Links;

/// <summary>
/// Drawing on owned key under a durable mark: whatever was drawn lies below the mark before it
/// can leave the KME, and a restart burns the owned key below the mark, on disk and in memory.
/// </summary>
public sealed class OwnKeyDrawTests : IAsyncLifetime, IDisposable
{
    private const string LinkName = "cait-ccs";
    private readonly TempStore _store = new();
    private readonly TestLinks _links = new();

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    public void Dispose() => _links.Dispose();

    [Fact]
    public async Task A_draw_is_below_the_durable_mark_which_runs_ahead_so_the_next_draws_write_nothing()
    {
        var link = await LinkWithOwnBlockAsync(0, 8192);
        var draw = new OwnKeyDraw(_store.Store);

        var first = (await draw.TakeAsync(link, 2, 32))!;
        Assert.Equal([new KeyRange(0, 32), new KeyRange(32, 32)], first.SelectMany(k => k.Ranges));
        Assert.Equal(64 + OwnKeyDraw.ReserveAhead, link.ReservedTo);
        Assert.Equal(link.ReservedTo, await _store.Store.LoadReservedToAsync(LinkName));

        var second = (await draw.TakeAsync(link, 1, 32))!;
        Assert.Equal(new KeyRange(64, 32), Assert.Single(second).Ranges.Single());
        Assert.Equal(64 + OwnKeyDraw.ReserveAhead, await _store.Store.LoadReservedToAsync(LinkName));
    }

    [Fact]
    public async Task Too_little_owned_key_draws_nothing_and_marks_nothing()
    {
        var link = await LinkWithOwnBlockAsync(0, 16);
        Assert.Null(await new OwnKeyDraw(_store.Store).TakeAsync(link, 1, 32));
        Assert.Equal(0, await _store.Store.LoadReservedToAsync(LinkName));
        Assert.Equal(16, link.Own.AvailableBytes);
    }

    [Fact]
    public async Task A_restart_burns_the_owned_key_below_the_mark_from_memory_and_disk_and_keeps_the_peers()
    {
        await LinkWithOwnBlockAsync(0, 4096);
        await _store.Write(t =>
        {
            t.InsertPoolBlock(LinkName, 4096, "ccs", new byte[4096]);
            t.InsertPoolBlock(LinkName, 8192, "cait", new byte[4096]);
            t.SetReservedTo(LinkName, 10_000);
        });
        // As after a crash: the store holds what it held, the link is loaded from it.
        var restarted = Link();
        foreach (var segment in await _store.Store.LoadPoolAsync(LinkName))
        {
            restarted.PoolOwnedBy(segment.Owner)!.Add(segment.Start, segment.Material);
        }
        restarted.ReservedTo = await _store.Store.LoadReservedToAsync(LinkName);

        await OwnKeyDraw.BurnBelowMarkAsync(restarted, _store.Store);

        Assert.Equal([new KeyRange(10_000, 8192 + 4096 - 10_000)], restarted.Own.Ranges());
        Assert.Equal([new KeyRange(4096, 4096)], restarted.PeerOwned.Ranges());
        var persisted = await _store.Store.LoadPoolAsync(LinkName);
        Assert.Equal([(4096L, "ccs", 4096), (10_000L, "cait", 2288)], persisted.Select(s => (s.Start, s.Owner, s.Material.Length)));
    }

    private async Task<QkdLink> LinkWithOwnBlockAsync(long start, int length)
    {
        var link = Link();
        var material = SecretBytes.Random(length);
        await _store.Write(t => t.InsertPoolBlock(LinkName, start, "cait", material.AsReadOnlySpan()));
        link.Own.Add(start, material);
        return link;
    }

    private QkdLink Link() => _links.Create(producer: true);
}
