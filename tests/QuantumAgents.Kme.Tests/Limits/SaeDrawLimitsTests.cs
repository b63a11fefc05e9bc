using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Limits;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Tests.Options;

namespace QuantumAgents.Kme.Tests.Limits;

/// <summary>Which limit applies to which SAE, and how a draw over it is refused (the HTTP answer is in <see cref="Etsi014DrawLimitTests"/>).</summary>
public sealed class SaeDrawLimitsTests : IDisposable
{
    private readonly ValidKmeOptions _valid = new();
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void By_default_no_SAE_is_limited()
    {
        var limits = new SaeDrawLimits(_valid.Create(), _clock);

        Assert.Null(Record.Exception(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                limits.Charge("sae-cait", 1L << 30);
            }
        }));
    }

    [Fact]
    public void Over_its_bucket_an_SAE_is_refused_with_429_naming_its_limit_and_the_seconds_to_wait()
    {
        var options = _valid.Create();
        options.Saes["sae-cait"].DrawBitsPerSecond = 1000;
        var limits = new SaeDrawLimits(options, _clock);
        limits.Charge("sae-cait", 8192); // the burst: keys.max_size, as one second of the rate is less

        var refused = Assert.Throws<EtsiProblemException>(() => limits.Charge("sae-cait", 2500));

        Assert.Equal(429, refused.StatusCode);
        Assert.Equal(3, refused.RetryAfterSeconds); // 2.5 s, rounded up
        Assert.StartsWith("SAE sae-cait draws at most 1000 bits/s, at most 8192 bits at once", refused.Message, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(3));
        limits.Charge("sae-cait", 2500);
    }

    [Fact]
    public void A_draw_larger_than_the_burst_is_a_400_as_no_wait_would_help()
    {
        var options = _valid.Create();
        options.Saes["sae-cait"].DrawBitsPerSecond = 1000;
        options.Saes["sae-cait"].DrawBurstBits = 10_000;
        var limits = new SaeDrawLimits(options, _clock);

        var refused = Assert.Throws<EtsiProblemException>(() => limits.Charge("sae-cait", 10_001));

        Assert.Equal(400, refused.StatusCode);
        Assert.Null(refused.RetryAfterSeconds);
        Assert.Contains("at most 10000 bits at once", refused.Message, StringComparison.Ordinal);
        limits.Charge("sae-cait", 10_000); // the refusal took nothing
    }

    [Fact]
    public void Each_SAE_has_its_own_bucket_and_its_own_setting_wins_over_the_KME_wide_one()
    {
        var options = _valid.Create();
        options.Keys.SaeDrawBitsPerSecond = 1000;
        options.Saes["sae-cait-bulk"] = new SaeOptions { Node = "cait", CertificateSubject = "CN=sae-cait-bulk", DrawBitsPerSecond = 0 };
        options.Saes["sae-cait-other"] = new SaeOptions { Node = "cait", CertificateSubject = "CN=sae-cait-other" };
        var limits = new SaeDrawLimits(options, _clock);

        limits.Charge("sae-cait", 8192);
        Assert.Equal(429, Assert.Throws<EtsiProblemException>(() => limits.Charge("sae-cait", 8)).StatusCode);

        limits.Charge("sae-cait-other", 8192); // the KME-wide default, in a bucket of its own
        limits.Charge("sae-cait-bulk", 1L << 30); // 0 of its own: no limit
    }

    [Fact]
    public void A_refund_makes_a_failed_draw_cost_nothing()
    {
        var options = _valid.Create();
        options.Saes["sae-cait"].DrawBitsPerSecond = 1000;
        var limits = new SaeDrawLimits(options, _clock);
        limits.Charge("sae-cait", 8192);

        limits.Refund("sae-cait", 8192);

        limits.Charge("sae-cait", 8192);
    }

    [Theory]
    [InlineData(1000L, null, 8192L)] // one second of the rate, but room for one key of keys.max_size
    [InlineData(100_000L, null, 100_000L)] // one second of the rate
    [InlineData(1000L, 50_000L, 50_000L)] // as set
    public void The_burst_defaults_to_one_second_of_the_rate_and_holds_at_least_the_largest_key(long rate, long? burst, long expected)
    {
        var options = _valid.Create();
        options.Keys.SaeDrawBitsPerSecond = rate;
        options.Keys.SaeDrawBurstBits = burst;

        Assert.Equal(expected, SaeLimits.For(options, "sae-cait").DrawBurstBits);
    }

    public void Dispose() => _valid.Dispose();
}
