using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Tests.Pool;

/// <summary>The slave side: taking exactly the ranges the master's KME chose.</summary>
public class KeyPoolTakeExactTests
{
    private readonly StreamBytes _stream = new(4096);

    private static KeyRange[][] Keys(params KeyRange[][] keys) => keys;

    [Fact]
    public void Slave_gets_the_same_material_as_the_master_from_identical_pools()
    {
        (long, int)[] blocks = [(0, 40), (40, 40), (100, 60)];
        var master = _stream.Pool(blocks);
        var slave = _stream.Pool(blocks);

        var issued = master.TryTake(4, 24)!;
        var result = slave.TryTakeExact([.. issued.Select(k => k.Ranges)]);

        Assert.Empty(result.Missing);
        Assert.Equal(issued.Count, result.Taken!.Count);
        for (var i = 0; i < issued.Count; i++)
        {
            Assert.Equal(issued[i].Ranges, result.Taken[i].Ranges);
            Assert.True(result.Taken[i].Material.ContentEquals(issued[i].Material.AsReadOnlySpan()));
        }
        Assert.Equal(master.Ranges(), slave.Ranges());
        Assert.Equal(master.AvailableBytes, slave.AvailableBytes);
    }

    [Fact]
    public void Master_and_slave_agree_across_a_segment_boundary()
    {
        var master = _stream.Pool((0, 10), (20, 30));
        var slave = _stream.Pool((0, 10), (20, 30));
        var issued = Assert.Single(master.TryTake(1, 15)!);
        var taken = Assert.Single(slave.TryTakeExact([issued.Ranges]).Taken!);
        Assert.Equal(_stream.At(issued.Ranges), taken.Material.AsReadOnlySpan().ToArray());
        Assert.True(taken.Material.ContentEquals(issued.Material.AsReadOnlySpan()));
    }

    [Fact]
    public void Ranges_not_held_are_refused_and_nothing_is_taken()
    {
        var pool = _stream.Pool((0, 64));
        var result = pool.TryTakeExact(Keys([new KeyRange(0, 8)], [new KeyRange(100, 8)]));
        Assert.Null(result.Taken);
        Assert.Equal([new KeyRange(100, 8)], result.Missing);
        Assert.Equal(64, pool.AvailableBytes);
        Assert.Equal([new KeyRange(0, 64)], pool.Ranges());
    }

    [Fact]
    public void Range_only_partially_held_is_refused()
    {
        var pool = _stream.Pool((0, 64));
        var result = pool.TryTakeExact(Keys([new KeyRange(60, 8)]));
        Assert.Null(result.Taken);
        Assert.Equal([new KeyRange(60, 8)], result.Missing);
        Assert.Equal(64, pool.AvailableBytes);
    }

    [Fact]
    public void Range_already_taken_is_refused_so_no_byte_is_used_twice()
    {
        var pool = _stream.Pool((0, 64));
        Assert.NotNull(pool.TryTakeExact(Keys([new KeyRange(8, 8)])).Taken);
        var again = pool.TryTakeExact(Keys([new KeyRange(8, 8)]));
        Assert.Null(again.Taken);
        Assert.Equal([new KeyRange(8, 8)], again.Missing);
        Assert.Equal(56, pool.AvailableBytes);
    }

    [Fact]
    public void Ranges_overlapping_each_other_are_refused()
    {
        var pool = _stream.Pool((0, 64));
        var result = pool.TryTakeExact(Keys([new KeyRange(0, 16)], [new KeyRange(8, 16)]));
        Assert.Null(result.Taken);
        Assert.Contains(new KeyRange(8, 16), result.Missing);
        Assert.Equal(64, pool.AvailableBytes);
    }

    [Fact]
    public void Overlap_within_one_key_is_refused()
    {
        var pool = _stream.Pool((0, 64));
        var result = pool.TryTakeExact(Keys([new KeyRange(0, 16), new KeyRange(0, 16)]));
        Assert.Null(result.Taken);
        Assert.Equal(64, pool.AvailableBytes);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(8, -4)]
    [InlineData(-8, 8)]
    public void Empty_negative_or_out_of_stream_ranges_are_refused(long start, int length)
    {
        var pool = _stream.Pool((0, 64));
        var result = pool.TryTakeExact(Keys([new KeyRange(start, length)]));
        Assert.Null(result.Taken);
        Assert.Equal([new KeyRange(start, length)], result.Missing);
        Assert.Equal(64, pool.AvailableBytes);
    }

    [Fact]
    public void Taking_from_the_middle_leaves_the_two_sides()
    {
        var pool = _stream.Pool((0, 100));
        var key = Assert.Single(pool.TryTakeExact(Keys([new KeyRange(40, 20)])).Taken!);
        Assert.Equal(_stream.At([new KeyRange(40, 20)]), key.Material.AsReadOnlySpan().ToArray());
        Assert.Equal([new KeyRange(0, 40), new KeyRange(60, 40)], pool.Ranges());
        Assert.Equal(80, pool.AvailableBytes);

        // What is left is still the right material, on both sides of the hole.
        var before = Assert.Single(pool.TryTake(1, 40)!);
        var after = Assert.Single(pool.TryTake(1, 40)!);
        Assert.Equal(_stream.At([new KeyRange(0, 40)]), before.Material.AsReadOnlySpan().ToArray());
        Assert.Equal(_stream.At([new KeyRange(60, 40)]), after.Material.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void Several_ranges_in_one_segment_split_it_correctly()
    {
        var pool = _stream.Pool((0, 100));
        var result = pool.TryTakeExact(Keys([new KeyRange(70, 10)], [new KeyRange(10, 10), new KeyRange(40, 5)]));
        Assert.NotNull(result.Taken);
        Assert.Equal(_stream.At([new KeyRange(10, 10), new KeyRange(40, 5)]), result.Taken[1].Material.AsReadOnlySpan().ToArray());
        Assert.Equal([new KeyRange(0, 10), new KeyRange(20, 20), new KeyRange(45, 25), new KeyRange(80, 20)], pool.Ranges());
        Assert.Equal(75, pool.AvailableBytes);
    }

    [Fact]
    public void Key_bytes_follow_the_order_of_its_ranges()
    {
        var pool = _stream.Pool((0, 100));
        var key = Assert.Single(pool.TryTakeExact(Keys([new KeyRange(50, 4), new KeyRange(10, 4)])).Taken!);
        Assert.Equal(_stream.At([new KeyRange(50, 4), new KeyRange(10, 4)]), key.Material.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void Range_spanning_two_adjacent_blocks_is_taken_when_every_byte_is_held()
    {
        var pool = _stream.Pool((0, 64), (64, 64));
        var result = pool.TryTakeExact(Keys([new KeyRange(60, 8)]));
        Assert.Empty(result.Missing);
        Assert.Equal(_stream.At([new KeyRange(60, 8)]), Assert.Single(result.Taken!).Material.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void Restarted_master_and_running_slave_still_agree_on_keys_across_block_boundaries()
    {
        var restartedMaster = _stream.Pool((0, 128));          // one merged segment, as LoadPool returns it
        var runningSlave = _stream.Pool((0, 64), (64, 64));   // the blocks as they arrived
        var issued = Assert.Single(restartedMaster.TryTake(1, 80)!);
        var result = runningSlave.TryTakeExact([issued.Ranges]);
        Assert.Empty(result.Missing);
        Assert.True(Assert.Single(result.Taken!).Material.ContentEquals(issued.Material.AsReadOnlySpan()));
    }

    [Fact]
    public void No_keys_asked_takes_nothing_and_succeeds()
    {
        var pool = _stream.Pool((0, 64));
        var result = pool.TryTakeExact([]);
        Assert.Empty(result.Taken!);
        Assert.Equal(64, pool.AvailableBytes);
    }
}
