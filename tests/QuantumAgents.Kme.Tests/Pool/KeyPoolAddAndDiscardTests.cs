using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Tests.Pool;

public class KeyPoolAddAndDiscardTests
{
    private readonly StreamBytes _stream = new(4096);

    [Fact]
    public void Added_blocks_are_reported_in_stream_order_whatever_the_order_they_came_in()
    {
        var pool = _stream.Pool((200, 10), (0, 10), (100, 10));
        Assert.Equal([new KeyRange(0, 10), new KeyRange(100, 10), new KeyRange(200, 10)], pool.Ranges());
        Assert.Equal(30, pool.AvailableBytes);
    }

    [Theory]
    [InlineData(0, 10)]    // same start
    [InlineData(5, 10)]    // overlaps the end of [0,10)
    [InlineData(95, 10)]   // overlaps the start of [100,110)
    [InlineData(50, 100)]  // covers [100,110) entirely
    [InlineData(102, 2)]   // inside [100,110)
    public void Adding_a_block_that_overlaps_held_material_throws_and_changes_nothing(long start, int length)
    {
        var pool = _stream.Pool((0, 10), (100, 10));
        using var block = _stream.Block(start, length);
        Assert.Throws<InvalidOperationException>(() => pool.Add(start, block));
        Assert.Equal([new KeyRange(0, 10), new KeyRange(100, 10)], pool.Ranges());
        Assert.Equal(20, pool.AvailableBytes);
    }

    [Fact]
    public void Adding_right_next_to_held_material_is_fine()
    {
        var pool = _stream.Pool((10, 10));
        pool.Add(0, _stream.Block(0, 10));
        pool.Add(20, _stream.Block(20, 10));
        Assert.Equal(30, pool.AvailableBytes);
    }

    [Fact]
    public void Adding_into_a_hole_left_by_a_taken_key_is_fine()
    {
        var pool = _stream.Pool((0, 30));
        Assert.NotNull(pool.TryTakeExact([[new KeyRange(10, 10)]]).Taken);
        pool.Add(10, _stream.Block(10, 10));
        Assert.Equal(30, pool.AvailableBytes);
    }

    [Fact]
    public void Empty_block_or_negative_start_is_an_argument_error()
    {
        var pool = new KeyPool();
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => pool.Add(0, new SecretBytes(0)));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => pool.Add(-1, SecretBytes.Random(8)));
        Assert.Equal(0, pool.AvailableBytes);
    }

    [Fact]
    public void Discard_erases_exactly_the_held_part_of_each_range()
    {
        var pool = _stream.Pool((0, 50), (100, 50));
        var dropped = pool.Discard([new KeyRange(40, 70), new KeyRange(140, 5)]);
        Assert.Equal(10 + 10 + 5, dropped);
        Assert.Equal([new KeyRange(0, 40), new KeyRange(110, 30), new KeyRange(145, 5)], pool.Ranges());
        Assert.Equal(75, pool.AvailableBytes);
    }

    [Fact]
    public void Discarded_bytes_are_never_handed_out()
    {
        var pool = _stream.Pool((0, 50));
        pool.Discard([new KeyRange(0, 10)]);
        var key = Assert.Single(pool.TryTake(1, 10)!);
        Assert.Equal([new KeyRange(10, 10)], key.Ranges);
        Assert.Null(pool.TryTakeExact([[new KeyRange(0, 10)]]).Taken);
    }

    [Fact]
    public void Discarding_what_is_not_held_drops_nothing()
    {
        var pool = _stream.Pool((0, 50));
        Assert.Equal(0, pool.Discard([new KeyRange(60, 10), new KeyRange(1000, 1)]));
        Assert.Equal(50, pool.AvailableBytes);
    }

    [Fact]
    public void Discarding_overlapping_ranges_counts_each_byte_once()
    {
        var pool = _stream.Pool((0, 50));
        Assert.Equal(15, pool.Discard([new KeyRange(0, 10), new KeyRange(5, 10)]));
        Assert.Equal(35, pool.AvailableBytes);
    }

    [Fact]
    public void Discarding_everything_empties_the_pool()
    {
        var pool = _stream.Pool((0, 50), (60, 50));
        Assert.Equal(100, pool.Discard([new KeyRange(0, 200)]));
        Assert.Empty(pool.Ranges());
        Assert.Equal(0, pool.AvailableBytes);
    }

    [Fact]
    public void Material_added_to_the_pool_is_zeroed_when_fully_taken()
    {
        var pool = new KeyPool();
        var block = _stream.Block(0, 16);
        pool.Add(0, block);
        using var key = Assert.Single(pool.TryTake(1, 16)!).Material;
        Assert.True(block.IsDisposed);
        Assert.Equal(_stream.At([new KeyRange(0, 16)]), key.AsReadOnlySpan().ToArray());
    }
}
