using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Tests.Options;

/// <summary>The draw and stream limits: KME-wide in <c>keys</c>, per SAE in <c>saes</c>; each mistake names its key.</summary>
public sealed class KmeOptionsValidatorLimitsTests : IDisposable
{
    private readonly ValidKmeOptions _valid = new();

    public void Dispose() => _valid.Dispose();

    private string OnlyProblem(Action<KmeOptions> mistake)
    {
        var options = _valid.Create();
        mistake(options);
        return Assert.Single(options.Validate());
    }

    [Fact]
    public void The_defaults_are_valid_no_draw_limit_64_streams_600_s_idle()
    {
        var options = _valid.Create();
        var limits = SaeLimits.For(options, "sae-cait");

        Assert.Empty(options.Validate());
        Assert.False(limits.DrawIsLimited);
        Assert.Equal(64, limits.MaxOpenStreams);
        Assert.Equal(600, options.Keys.StreamIdleSeconds);
    }

    [Fact]
    public void Limits_set_KME_wide_and_per_SAE_are_accepted()
    {
        var options = _valid.Create();
        options.Keys.SaeDrawBitsPerSecond = 100_000;
        options.Keys.SaeDrawBurstBits = 1_000_000;
        options.Keys.SaeMaxOpenStreams = 8;
        options.Keys.StreamIdleSeconds = 60;
        options.Saes["sae-cait"].DrawBitsPerSecond = 0;
        options.Saes["sae-cait"].DrawBurstBits = 8192;
        options.Saes["sae-cait"].MaxOpenStreams = 0;

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("keys.sae_draw_bits_per_second:")]
    [InlineData("saes.sae-cait.draw_bits_per_second:")]
    public void A_negative_draw_rate_names_it(string named)
    {
        var problem = OnlyProblem(o =>
        {
            if (named.StartsWith("keys", StringComparison.Ordinal))
            {
                o.Keys.SaeDrawBitsPerSecond = -1;
            }
            else
            {
                o.Saes["sae-cait"].DrawBitsPerSecond = -1;
            }
        });
        Assert.StartsWith(named, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_burst_smaller_than_the_largest_key_names_it_and_keys_max_size()
    {
        Assert.Equal("keys.sae_draw_burst_bits: at least keys.max_size (8192), or a key of that size could never be drawn",
            OnlyProblem(o => o.Keys.SaeDrawBurstBits = 8191));
        Assert.StartsWith("saes.sae-ccs.draw_burst_bits: at least keys.max_size (8192)", OnlyProblem(o => o.Saes["sae-ccs"].DrawBurstBits = 64), StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_stream_cap_names_it()
    {
        Assert.StartsWith("keys.sae_max_open_streams:", OnlyProblem(o => o.Keys.SaeMaxOpenStreams = -1), StringComparison.Ordinal);
        Assert.StartsWith("saes.sae-cait.max_open_streams:", OnlyProblem(o => o.Saes["sae-cait"].MaxOpenStreams = -1), StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_idle_time_below_one_second_names_it()
    {
        Assert.Equal("keys.stream_idle_seconds: at least 1", OnlyProblem(o => o.Keys.StreamIdleSeconds = 0));
    }

    [Fact]
    public void The_link_rate_is_checked_on_the_receiving_side_too_as_both_ends_report_it()
    {
        Assert.StartsWith("links.ccs.source.rate_bits_per_second:", OnlyProblem(o => o.Links["ccs"].Source.RateBitsPerSecond = 0), StringComparison.Ordinal);
    }
}
