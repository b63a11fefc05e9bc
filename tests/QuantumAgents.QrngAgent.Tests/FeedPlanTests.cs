using QuantumAgents.QrngAgent.Feeding;

namespace QuantumAgents.QrngAgent.Tests;

public sealed class FeedPlanTests
{
    [Theory]
    [InlineData(0, 1 << 20, 65536, 65536)]       // plenty of room: one batch
    [InlineData(262144, 1 << 20, 65536, 65536)]  // at the low-water mark
    [InlineData(1040000, 1 << 20, 65536, 8576)]  // only the room that is left
    [InlineData(1 << 20, 1 << 20, 65536, 0)]     // full: nothing
    [InlineData(2 << 20, 1 << 20, 65536, 0)]     // a level beyond capacity (another writer raced): nothing
    [InlineData(500, 0, 65536, 65536)]           // capacity unknown: one batch, the device takes what fits
    [InlineData(-1, 4096, 65536, 4096)]          // a nonsense level is treated as empty
    public void Fetches_one_batch_but_never_more_than_the_device_has_room_for(long level, long capacity, int batch, int expected) =>
        Assert.Equal(expected, FeedPlan.BytesToFetch(level, capacity, batch));

    [Theory]
    [InlineData(0, 1 << 20, 65536, false)]        // empty: fill
    [InlineData(983040, 1 << 20, 65536, false)]   // exactly one batch of room left: fill
    [InlineData(983041, 1 << 20, 65536, true)]    // less than a batch: wait for the low-water mark
    [InlineData(16384, 65536, 65536, true)]       // a device no bigger than a batch: always wait for POLLOUT
    [InlineData(123456, 0, 65536, false)]         // capacity unknown: write, short writes wait
    public void Waits_for_room_only_when_a_whole_batch_no_longer_fits(long level, long capacity, int batch, bool expected) =>
        Assert.Equal(expected, FeedPlan.MustWaitForRoom(level, capacity, batch));

    [Fact]
    public void A_batch_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedPlan.BytesToFetch(0, 4096, 0));
}
