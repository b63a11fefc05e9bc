using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Kme.Limits;

namespace QuantumAgents.Kme.Tests.Limits;

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
}
