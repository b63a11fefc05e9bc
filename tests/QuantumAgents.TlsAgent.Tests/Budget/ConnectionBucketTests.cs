using Microsoft.Extensions.Time.Testing;
using QuantumAgents.TlsAgent.Budget;

namespace QuantumAgents.TlsAgent.Tests.Budget;

public sealed class ConnectionBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_new_bucket_admits_its_burst_at_once_and_then_nothing_until_time_passes()
    {
        var bucket = new ConnectionBucket(perSecond: 10, burst: 10, _time);

        Assert.Equal(10, TakeAll(bucket));
        Assert.False(bucket.TryTake());
    }

    [Fact]
    public void It_refills_at_its_rate_one_connection_per_tenth_of_a_second_at_10_per_second()
    {
        var bucket = new ConnectionBucket(perSecond: 10, burst: 10, _time);
        TakeAll(bucket);

        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(bucket.TryTake());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(5, TakeAll(bucket));
    }

    [Fact]
    public void A_long_pause_refills_it_to_its_burst_and_no_further()
    {
        var bucket = new ConnectionBucket(perSecond: 10, burst: 10, _time);
        TakeAll(bucket);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(10, TakeAll(bucket));
    }

    [Fact]
    public void Over_any_stretch_of_time_it_admits_at_most_rate_times_elapsed_plus_burst()
    {
        const int Rate = 7;
        var bucket = new ConnectionBucket(perSecond: Rate, burst: Rate, _time);
        var admitted = 0;

        // 1000 attempts, one every 3 ms: 3 s in all.
        for (var i = 0; i < 1000; i++)
        {
            admitted += bucket.TryTake() ? 1 : 0;
            _time.Advance(TimeSpan.FromMilliseconds(3));
        }

        Assert.InRange(admitted, Rate * 3, (Rate * 3) + Rate);
    }

    [Fact]
    public void A_rate_or_burst_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionBucket(0, 1, _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionBucket(1, 0, _time));
    }

    private static int TakeAll(ConnectionBucket bucket)
    {
        var taken = 0;
        while (bucket.TryTake())
        {
            taken++;
        }
        return taken;
    }
}
