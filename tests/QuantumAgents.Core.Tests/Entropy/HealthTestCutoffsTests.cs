using QuantumAgents.Core.Entropy.Health;

namespace QuantumAgents.Core.Tests.Entropy;

public sealed class HealthTestCutoffsTests
{
    [Theory]
    [InlineData(2.0, 11)] // SP 800-90B §4.4.1's own example
    [InlineData(8.0, 4)]
    [InlineData(6.0, 5)]
    [InlineData(1.0, 21)]
    public void The_repetition_cutoff_is_one_plus_the_ceiling_of_20_over_h(double h, int cutoff)
    {
        Assert.Equal(cutoff, HealthTestCutoffs.RepetitionCount(h));
    }

    [Theory]
    // SP 800-90B Table 2, non-binary samples, W = 512, α = 2^-20.
    [InlineData(0.5, 410)]
    [InlineData(1.0, 311)]
    [InlineData(2.0, 177)]
    [InlineData(4.0, 62)]
    [InlineData(8.0, 13)]
    public void The_adaptive_proportion_cutoff_matches_the_standards_table(double h, int cutoff)
    {
        Assert.Equal(cutoff, HealthTestCutoffs.AdaptiveProportion(h));
    }

    [Fact]
    public void A_claimed_min_entropy_outside_half_a_bit_to_eight_bits_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HealthTestCutoffs.RepetitionCount(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => HealthTestCutoffs.AdaptiveProportion(0.1));
    }
}
