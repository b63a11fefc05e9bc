using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Core.Limits;

namespace QuantumAgents.Core.Tests.Limits;

/// <summary>The bucket on a fake clock: nothing here depends on how fast the machine is.</summary>
public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void A_new_bucket_gives_its_whole_burst_at_once_then_refuses()
    {
        var bucket = new TokenBucket(100, 1000, _clock);

        Assert.True(bucket.TryTake(1000, out _));
        Assert.False(bucket.TryTake(1, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(0.01), wait);
    }

    [Fact]
    public void A_refused_take_takes_nothing()
    {
        var bucket = new TokenBucket(100, 1000, _clock);
        Assert.True(bucket.TryTake(600, out _));

        Assert.False(bucket.TryTake(500, out _));

        Assert.True(bucket.TryTake(400, out _));
    }

    [Fact]
    public void It_refills_at_its_rate_so_the_take_succeeds_once_the_wait_it_named_is_over()
    {
        var bucket = new TokenBucket(100, 1000, _clock);
        Assert.True(bucket.TryTake(1000, out _));
        Assert.False(bucket.TryTake(250, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(2.5), wait);

        _clock.Advance(TimeSpan.FromSeconds(2.4));
        Assert.False(bucket.TryTake(250, out _));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(bucket.TryTake(250, out _));
    }

    [Fact]
    public void A_long_idle_banks_no_more_than_the_burst()
    {
        var bucket = new TokenBucket(100, 1000, _clock);
        Assert.True(bucket.TryTake(1000, out _));

        _clock.Advance(TimeSpan.FromDays(1));

        Assert.True(bucket.TryTake(1000, out _));
        Assert.False(bucket.TryTake(1, out _));
    }

    [Fact]
    public void A_refund_gives_back_what_was_taken_but_never_more_than_the_burst()
    {
        var bucket = new TokenBucket(100, 1000, _clock);
        Assert.True(bucket.TryTake(700, out _));
        bucket.Refund(700);
        bucket.Refund(700);

        Assert.True(bucket.TryTake(1000, out _));
        Assert.False(bucket.TryTake(1, out _));
    }

    [Fact]
    public void More_than_the_burst_is_a_caller_bug_not_a_wait()
    {
        var bucket = new TokenBucket(100, 1000, _clock);
        Assert.Throws<ArgumentOutOfRangeException>(() => bucket.TryTake(1001, out _));
    }

    // One token at a time, as a TLS session takes its connections.

    [Fact]
    public void A_new_bucket_admits_its_burst_at_once_and_then_nothing_until_clock_passes()
    {
        var bucket = new TokenBucket(10, 10, _clock);

        Assert.Equal(10, TakeAll(bucket));
        Assert.False(bucket.TryTake());
    }

    [Fact]
    public void It_refills_at_its_rate_one_connection_per_tenth_of_a_second_at_10_per_second()
    {
        var bucket = new TokenBucket(10, 10, _clock);
        TakeAll(bucket);

        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(bucket.TryTake());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(5, TakeAll(bucket));
    }

    [Fact]
    public void A_long_pause_refills_it_to_its_burst_and_no_further()
    {
        var bucket = new TokenBucket(10, 10, _clock);
        TakeAll(bucket);

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(10, TakeAll(bucket));
    }

    [Fact]
    public void Over_any_stretch_of_clock_it_admits_at_most_rate_clocks_elapsed_plus_burst()
    {
        const int Rate = 7;
        var bucket = new TokenBucket(Rate, Rate, _clock);
        var admitted = 0;

        // 1000 attempts, one every 3 ms: 3 s in all.
        for (var i = 0; i < 1000; i++)
        {
            admitted += bucket.TryTake() ? 1 : 0;
            _clock.Advance(TimeSpan.FromMilliseconds(3));
        }

        Assert.InRange(admitted, Rate * 3, (Rate * 3) + Rate);
    }

    [Fact]
    public void A_rate_or_burst_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(0, 1, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(1, 0, _clock));
    }

    private static int TakeAll(TokenBucket bucket)
    {
        var taken = 0;
        while (bucket.TryTake())
        {
            taken++;
        }
        return taken;
    }
}
