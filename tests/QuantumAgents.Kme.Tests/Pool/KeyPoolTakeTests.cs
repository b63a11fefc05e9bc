using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Tests.Pool;

public class KeyPoolTakeTests
{
    private readonly StreamBytes _stream = new(4096);

    [Fact]
    public void Low_side_takes_from_the_start_of_the_stream()
    {
        var pool = _stream.Pool((0, 64));
        var taken = pool.TryTake(1, 32, PoolSide.Low)!;
        Assert.Equal([new KeyRange(0, 32)], taken[0].Ranges);
        Assert.Equal(_stream.At([new KeyRange(0, 32)]), taken[0].Material.AsReadOnlySpan().ToArray());
        Assert.Equal([new KeyRange(32, 32)], pool.Ranges());
        Assert.Equal(32, pool.AvailableBytes);
    }

    [Fact]
    public void High_side_takes_from_the_end_of_the_stream()
    {
        var pool = _stream.Pool((0, 64));
        var taken = pool.TryTake(1, 16, PoolSide.High)!;
        Assert.Equal([new KeyRange(48, 16)], taken[0].Ranges);
        Assert.Equal(_stream.At([new KeyRange(48, 16)]), taken[0].Material.AsReadOnlySpan().ToArray());
        Assert.Equal([new KeyRange(0, 48)], pool.Ranges());
    }

    [Fact]
    public void Several_keys_from_the_low_side_come_in_stream_order()
    {
        var pool = _stream.Pool((0, 100));
        var taken = pool.TryTake(3, 10, PoolSide.Low)!;
        Assert.Equal([new KeyRange(0, 10), new KeyRange(10, 10), new KeyRange(20, 10)], taken.Select(k => Assert.Single(k.Ranges)));
        Assert.All(taken, k => Assert.Equal(_stream.At(k.Ranges), k.Material.AsReadOnlySpan().ToArray()));
    }

    [Fact]
    public void Several_keys_from_the_high_side_come_from_the_end_backwards()
    {
        var pool = _stream.Pool((0, 100));
        var taken = pool.TryTake(2, 10, PoolSide.High)!;
        Assert.Equal([new KeyRange(90, 10), new KeyRange(80, 10)], taken.Select(k => Assert.Single(k.Ranges)));
        Assert.All(taken, k => Assert.Equal(_stream.At(k.Ranges), k.Material.AsReadOnlySpan().ToArray()));
    }

    [Fact]
    public void Low_side_key_spanning_two_segments_has_both_ranges_in_stream_order()
    {
        var pool = _stream.Pool((0, 10), (100, 50));
        var key = Assert.Single(pool.TryTake(1, 16, PoolSide.Low)!);
        Assert.Equal([new KeyRange(0, 10), new KeyRange(100, 6)], key.Ranges);
        Assert.Equal(_stream.At(key.Ranges), key.Material.AsReadOnlySpan().ToArray());
        Assert.Equal([new KeyRange(106, 44)], pool.Ranges());
    }

    [Fact]
    public void High_side_key_spanning_two_segments_reports_ascending_ranges_and_stream_ordered_bytes()
    {
        var pool = _stream.Pool((0, 50), (100, 10));
        var key = Assert.Single(pool.TryTake(1, 16, PoolSide.High)!);
        Assert.Equal([new KeyRange(44, 6), new KeyRange(100, 10)], key.Ranges);
        Assert.Equal(_stream.At(key.Ranges), key.Material.AsReadOnlySpan().ToArray());
        Assert.Equal([new KeyRange(0, 44)], pool.Ranges());
    }

    [Fact]
    public void Key_spanning_adjacent_blocks_is_taken_as_two_ranges()
    {
        var pool = _stream.Pool((0, 8), (8, 8), (16, 8));
        var key = Assert.Single(pool.TryTake(1, 20, PoolSide.Low)!);
        Assert.Equal([new KeyRange(0, 8), new KeyRange(8, 8), new KeyRange(16, 4)], key.Ranges);
        Assert.Equal(_stream.At([new KeyRange(0, 20)]), key.Material.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void Not_enough_material_returns_null_and_takes_nothing()
    {
        var pool = _stream.Pool((0, 30), (40, 30));
        Assert.Null(pool.TryTake(2, 31, PoolSide.Low));
        Assert.Null(pool.TryTake(1, 61, PoolSide.High));
        Assert.Equal(60, pool.AvailableBytes);
        Assert.Equal([new KeyRange(0, 30), new KeyRange(40, 30)], pool.Ranges());
    }

    [Fact]
    public void Exactly_everything_can_be_taken_leaving_an_empty_pool()
    {
        var pool = _stream.Pool((0, 30), (40, 30));
        var taken = pool.TryTake(3, 20, PoolSide.High)!;
        Assert.Equal(3, taken.Count);
        Assert.Equal(0, pool.AvailableBytes);
        Assert.Empty(pool.Ranges());
        Assert.Null(pool.TryTake(1, 1, PoolSide.Low));
    }

    [Fact]
    public void Empty_pool_gives_nothing()
    {
        Assert.Null(new KeyPool().TryTake(1, 1, PoolSide.Low));
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(1, 0)]
    [InlineData(-1, 32)]
    public void Non_positive_count_or_size_is_an_argument_error(int count, int keyBytes)
    {
        var pool = _stream.Pool((0, 64));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => pool.TryTake(count, keyBytes, PoolSide.Low));
        Assert.Equal(64, pool.AvailableBytes);
    }

    [Fact]
    public void Low_and_high_sides_never_hand_out_the_same_bytes()
    {
        var pool = _stream.Pool((0, 100));
        var low = pool.TryTake(5, 10, PoolSide.Low)!;
        var high = pool.TryTake(5, 10, PoolSide.High)!;
        var all = low.Concat(high).SelectMany(k => k.Ranges).SelectMany(r => Enumerable.Range((int)r.Start, r.Length)).ToList();
        Assert.Equal(100, all.Distinct().Count());
        Assert.Equal(0, pool.AvailableBytes);
    }
}
