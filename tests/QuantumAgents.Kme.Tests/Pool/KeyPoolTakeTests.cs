using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Tests.Pool;

public class KeyPoolTakeTests
{
    private readonly StreamBytes _stream = new(4096);

    [Fact]
    public void Takes_from_the_start_of_the_stream()
    {
        var pool = _stream.Pool((0, 64));
        var taken = pool.TryTake(1, 32)!;
        Assert.Equal([new KeyRange(0, 32)], taken[0].Ranges);
        Assert.Equal(_stream.At([new KeyRange(0, 32)]), taken[0].Material.AsReadOnlySpan().ToArray());
        Assert.Equal([new KeyRange(32, 32)], pool.Ranges());
        Assert.Equal(32, pool.AvailableBytes);
    }

    [Fact]
    public void Several_keys_come_in_stream_order()
    {
        var pool = _stream.Pool((0, 100));
        var taken = pool.TryTake(3, 10)!;
        Assert.Equal([new KeyRange(0, 10), new KeyRange(10, 10), new KeyRange(20, 10)], taken.Select(k => Assert.Single(k.Ranges)));
        Assert.All(taken, k => Assert.Equal(_stream.At(k.Ranges), k.Material.AsReadOnlySpan().ToArray()));
    }

    [Fact]
    public void Key_spanning_two_segments_has_both_ranges_in_stream_order()
    {
        var pool = _stream.Pool((0, 10), (100, 50));
        var key = Assert.Single(pool.TryTake(1, 16)!);
        Assert.Equal([new KeyRange(0, 10), new KeyRange(100, 6)], key.Ranges);
        Assert.Equal(_stream.At(key.Ranges), key.Material.AsReadOnlySpan().ToArray());
        Assert.Equal([new KeyRange(106, 44)], pool.Ranges());
    }

    [Fact]
    public void Key_spanning_adjacent_blocks_is_taken_as_two_ranges()
    {
        var pool = _stream.Pool((0, 8), (8, 8), (16, 8));
        var key = Assert.Single(pool.TryTake(1, 20)!);
        Assert.Equal([new KeyRange(0, 8), new KeyRange(8, 8), new KeyRange(16, 4)], key.Ranges);
        Assert.Equal(_stream.At([new KeyRange(0, 20)]), key.Material.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void Not_enough_material_returns_null_and_takes_nothing()
    {
        var pool = _stream.Pool((0, 30), (40, 30));
        Assert.Null(pool.TryTake(2, 31));
        Assert.Null(pool.TryTake(1, 61));
        Assert.Equal(60, pool.AvailableBytes);
        Assert.Equal([new KeyRange(0, 30), new KeyRange(40, 30)], pool.Ranges());
    }

    [Fact]
    public void Exactly_everything_can_be_taken_leaving_an_empty_pool()
    {
        var pool = _stream.Pool((0, 30), (40, 30));
        var taken = pool.TryTake(3, 20)!;
        Assert.Equal(3, taken.Count);
        Assert.Equal(0, pool.AvailableBytes);
        Assert.Empty(pool.Ranges());
        Assert.Null(pool.TryTake(1, 1));
    }

    [Fact]
    public void Empty_pool_gives_nothing()
    {
        Assert.Null(new KeyPool().TryTake(1, 1));
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(1, 0)]
    [InlineData(-1, 32)]
    public void Non_positive_count_or_size_is_an_argument_error(int count, int keyBytes)
    {
        var pool = _stream.Pool((0, 64));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => pool.TryTake(count, keyBytes));
        Assert.Equal(64, pool.AvailableBytes);
    }

    [Fact]
    public void Successive_takes_never_hand_out_the_same_bytes()
    {
        var pool = _stream.Pool((0, 100));
        var first = pool.TryTake(5, 10)!;
        var second = pool.TryTake(5, 10)!;
        var all = first.Concat(second).SelectMany(k => k.Ranges).SelectMany(r => Enumerable.Range((int)r.Start, r.Length)).ToList();
        Assert.Equal(100, all.Distinct().Count());
        Assert.Equal(0, pool.AvailableBytes);
    }
}
