using Microsoft.Extensions.Time.Testing;
using QuantumAgents.QrngAgent.Feeding;

namespace QuantumAgents.QrngAgent.Tests;

public sealed class RateCapTests
{
    [Fact]
    public void No_cap_never_waits()
    {
        var cap = new RateCap(0, new FakeTimeProvider());
        cap.Take(1 << 30);
        Assert.True(cap.Unlimited);
        Assert.Equal(TimeSpan.Zero, cap.DelayFor(1 << 30));
    }

    [Fact]
    public void One_second_of_bytes_goes_at_once_then_the_next_batch_waits_its_share()
    {
        var time = new FakeTimeProvider();
        var cap = new RateCap(100_000, time);

        Assert.Equal(TimeSpan.Zero, cap.DelayFor(100_000));
        cap.Take(100_000);
        Assert.Equal(TimeSpan.FromSeconds(0.5), cap.DelayFor(50_000));

        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.Zero, cap.DelayFor(50_000));
        cap.Take(50_000);
        Assert.Equal(TimeSpan.FromSeconds(0.25), cap.DelayFor(25_000));
    }

    [Fact]
    public void A_long_pause_does_not_bank_more_than_one_second()
    {
        var time = new FakeTimeProvider();
        var cap = new RateCap(10_000, time);
        time.Advance(TimeSpan.FromHours(1));

        cap.Take(10_000);
        Assert.Equal(TimeSpan.FromSeconds(1), cap.DelayFor(10_000));
    }

    [Fact]
    public void Over_a_minute_the_average_stays_at_the_cap()
    {
        var time = new FakeTimeProvider();
        var cap = new RateCap(64 * 1024, time);
        long taken = 0;
        var start = time.GetUtcNow();
        while (time.GetUtcNow() - start < TimeSpan.FromMinutes(1))
        {
            var delay = cap.DelayFor(16 * 1024);
            time.Advance(delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1));
            if (cap.DelayFor(16 * 1024) == TimeSpan.Zero)
            {
                cap.Take(16 * 1024);
                taken += 16 * 1024;
            }
        }
        // 60 s at the cap plus the one-second burst the bucket starts with.
        Assert.InRange(taken, 60L * 64 * 1024, 61L * 64 * 1024);
    }
}
