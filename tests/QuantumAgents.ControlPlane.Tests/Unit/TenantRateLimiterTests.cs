using Microsoft.Extensions.Time.Testing;
using QuantumAgents.ControlPlane.Entropy;

namespace QuantumAgents.ControlPlane.Tests.Unit;

/// <summary>The entropy bucket on a clock the test moves: a burst at once, then the rate, and a Retry-After that is right.</summary>
public sealed class TenantRateLimiterTests
{
    private const long Rate = 100;
    private const long Burst = 1000;

    private readonly FakeTimeProvider _clock = new();
    private readonly TenantRateLimiter _limiter;

    public TenantRateLimiterTests() => _limiter = new TenantRateLimiter(Rate, Burst, _clock);

    [Fact]
    public void A_new_tenant_may_take_its_whole_burst_at_once_and_then_nothing()
    {
        Assert.True(_limiter.TryTake("demo", Burst, out var none));
        Assert.Equal(TimeSpan.Zero, none);

        Assert.False(_limiter.TryTake("demo", 1, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1.0 / Rate), retryAfter);
    }

    [Fact]
    public void The_bucket_refills_at_the_rate_as_the_clock_moves()
    {
        Assert.True(_limiter.TryTake("demo", Burst, out _));

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(_limiter.TryTake("demo", 2 * Rate, out _));
        Assert.False(_limiter.TryTake("demo", 1, out _));
    }

    [Fact]
    public void Retry_after_is_the_time_until_the_missing_bytes_are_refilled_and_a_refused_take_costs_nothing()
    {
        Assert.True(_limiter.TryTake("demo", 600, out _));

        Assert.False(_limiter.TryTake("demo", 600, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
        Assert.True(_limiter.TryTake("demo", 400, out _));

        _clock.Advance(retryAfter);
        Assert.True(_limiter.TryTake("demo", 200, out _));
    }

    [Fact]
    public void A_long_idle_tenant_gets_no_more_than_the_burst()
    {
        Assert.True(_limiter.TryTake("demo", 1, out _));

        _clock.Advance(TimeSpan.FromDays(1));

        Assert.True(_limiter.TryTake("demo", Burst, out _));
        Assert.False(_limiter.TryTake("demo", 1, out _));
    }

    [Fact]
    public void Each_tenant_has_a_bucket_of_its_own()
    {
        Assert.True(_limiter.TryTake("demo", Burst, out _));

        Assert.True(_limiter.TryTake("other", Burst, out _));
        Assert.False(_limiter.TryTake("demo", 1, out _));
    }
}
