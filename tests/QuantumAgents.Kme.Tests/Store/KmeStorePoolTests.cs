using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Tests.Store;

public sealed class KmeStorePoolTests : IAsyncLifetime
{
    private const string Link = "cait-ccs";
    private readonly TempStore _store = new();
    private readonly byte[] _stream = new byte[10_000];

    public KmeStorePoolTests() => new Random(7).NextBytes(_stream);

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    private Task Insert(long start, int length, string owner = "cait") => _store.Write(t => t.InsertPoolBlock(Link, start, owner, _stream.AsSpan((int)start, length)));

    private Task Remove(long start, int length) => _store.Write(t => t.RemovePoolRange(Link, new KeyRange(start, length)));

    /// <summary>The persisted pool as (start, length) segments, checking every byte against the stream.</summary>
    private async Task<List<(long Start, int Length)>> LoadAsync()
    {
        var segments = await _store.Store.LoadPoolAsync(Link);
        var result = new List<(long, int)>();
        foreach (var (start, _, material) in segments)
        {
            Assert.Equal(_stream.AsSpan((int)start, material.Length).ToArray(), material.AsReadOnlySpan().ToArray());
            result.Add((start, material.Length));
            material.Dispose();
        }
        return result;
    }

    [Fact]
    public async Task Empty_store_has_an_empty_pool_and_stream_end_zero()
    {
        Assert.Empty(await LoadAsync());
        Assert.Equal(0, await _store.Store.LoadStreamEndAsync(Link));
    }

    [Fact]
    public async Task Block_round_trips_as_one_segment_stored_in_rows_of_at_most_MaxPoolRowBytes()
    {
        await Insert(0, 3000);
        Assert.Equal([(0L, 3000)], await LoadAsync());
        var rows = _store.PoolRows(Link);
        Assert.Equal([(0L, 1024), (1024L, 1024), (2048L, 952)], rows);
        Assert.All(rows, r => Assert.True(r.Length <= StoreTransaction.MaxPoolRowBytes));
    }

    [Fact]
    public async Task Contiguous_blocks_are_merged_into_one_segment_and_gaps_are_kept()
    {
        await Insert(0, 500);
        await Insert(500, 700);
        await Insert(2000, 100);
        Assert.Equal([(0L, 1200), (2000L, 100)], await LoadAsync());
    }

    [Fact]
    public async Task Touching_blocks_of_different_owners_stay_apart_and_keep_their_owner_through_removals()
    {
        await Insert(0, 1500, owner: "cait");
        await Insert(1500, 1500, owner: "ccs");
        await Remove(1400, 200);

        var segments = await _store.Store.LoadPoolAsync(Link);
        Assert.Equal([(0L, "cait", 1400), (1600L, "ccs", 1400)], segments.Select(s => (s.Start, s.Owner, s.Material.Length)));
        foreach (var segment in segments)
        {
            segment.Dispose();
        }
    }

    [Fact]
    public async Task Using_a_range_erases_it_and_records_its_use_once()
    {
        await Insert(0, 3000);
        await _store.Write(t => t.UsePoolRange(Link, new KeyRange(100, 32), StreamUse.Assigned, "key-1", 7));

        Assert.Equal([(0L, 100), (132L, 2868)], await LoadAsync());
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM stream_uses WHERE link = 'cait-ccs' AND start = 100 AND length = 32 AND use = 'assigned' AND ref = 'key-1' AND at = 7"));
        // A start recorded twice would be one byte serving twice: the store refuses it.
        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(() => _store.Write(t => t.UsePoolRange(Link, new KeyRange(100, 32), StreamUse.Sealed, "message-1", 8)));
    }

    [Fact]
    public async Task Pools_of_different_links_are_separate()
    {
        await Insert(0, 100);
        await _store.Write(t => t.InsertPoolBlock("ccs-rectorado", 0, "ccs", _stream.AsSpan(0, 10)));
        Assert.Equal([(0L, 100)], await LoadAsync());
        var other = await _store.Store.LoadPoolAsync("ccs-rectorado");
        Assert.Equal(10, Assert.Single(other).Material.Length);
    }

    [Fact]
    public async Task Removing_from_the_middle_leaves_both_sides()
    {
        await Insert(0, 3000);
        await Remove(1500, 100);
        Assert.Equal([(0L, 1500), (1600L, 1400)], await LoadAsync());
    }

    [Fact]
    public async Task Removing_from_the_front_and_back_trims_the_segment()
    {
        await Insert(0, 3000);
        await Remove(0, 10);
        await Remove(2990, 10);
        Assert.Equal([(10L, 2980)], await LoadAsync());
    }

    [Fact]
    public async Task Removing_across_row_boundaries_keeps_exactly_the_rest()
    {
        await Insert(0, 3000);
        await Remove(1000, 1100);
        Assert.Equal([(0L, 1000), (2100L, 900)], await LoadAsync());
        Assert.All(_store.PoolRows(Link), r => Assert.True(r.Length <= StoreTransaction.MaxPoolRowBytes));
    }

    [Fact]
    public async Task Removing_inside_one_row_twice_keeps_exactly_the_rest()
    {
        await Insert(0, 1024);
        await Remove(100, 10);
        await Remove(200, 10);
        Assert.Equal([(0L, 100), (110L, 90), (210L, 814)], await LoadAsync());
    }

    [Fact]
    public async Task Removing_what_is_not_there_changes_nothing()
    {
        await Insert(1000, 100);
        await Remove(0, 500);
        await Remove(1100, 500);
        Assert.Equal([(1000L, 100)], await LoadAsync());
    }

    [Fact]
    public async Task Removing_everything_leaves_no_rows()
    {
        await Insert(0, 3000);
        await Remove(0, 3000);
        Assert.Empty(await LoadAsync());
        Assert.Empty(_store.PoolRows(Link));
    }

    [Fact]
    public async Task Random_removals_match_a_model()
    {
        var random = new Random(11);
        var held = new bool[_stream.Length];
        await Insert(0, 4000);
        await Insert(5000, 3000);
        Array.Fill(held, true, 0, 4000);
        Array.Fill(held, true, 5000, 3000);
        for (var i = 0; i < 60; i++)
        {
            var start = random.Next(8000);
            var length = random.Next(1, 1500);
            await Remove(start, length);
            Array.Fill(held, false, start, Math.Min(length, held.Length - start));
        }
        var loaded = new bool[_stream.Length];
        foreach (var (start, length) in await LoadAsync())
        {
            Array.Fill(loaded, true, (int)start, length);
        }
        Assert.Equal(held, loaded);
    }

    [Fact]
    public async Task Stream_end_is_stored_and_updated()
    {
        await _store.Write(t => t.SetStreamEnd(Link, 4096));
        await _store.Write(t => t.SetStreamEnd(Link, 8192));
        Assert.Equal(8192, await _store.Store.LoadStreamEndAsync(Link));
        Assert.Equal(0, await _store.Store.LoadStreamEndAsync("other-link"));
    }
}
