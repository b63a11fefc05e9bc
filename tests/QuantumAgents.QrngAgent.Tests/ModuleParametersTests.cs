using QuantumAgents.Core.Entropy;
using QuantumAgents.QrngAgent.Device;
using QuantumAgents.QrngAgent.Options;

namespace QuantumAgents.QrngAgent.Tests;

public sealed class ModuleParametersTests
{
    [Theory]
    [InlineData(6, 768)]
    [InlineData(8, 1024)]
    [InlineData(0.5, 64)]
    [InlineData(7.99, 1022)]
    public void Quality_is_the_claimed_min_entropy_per_1024_bits_never_more(double minEntropy, int quality) =>
        Assert.Equal(quality, ModuleParameters.QualityFor(minEntropy));

    [Fact]
    public void The_agent_adds_quality_from_its_health_tests_and_the_writer_group()
    {
        var options = new QrngAgentOptions { Source = new EntropySourceOptions { MinEntropyPerByte = 7 }, Module = new ModuleOptions { Parameters = ["hwrng=0"] } };

        Assert.Equal(["hwrng=0", "quality=896", "writer_gid=993"], ModuleParameters.For(options, writerGid: 993));
        Assert.Equal(["hwrng=0", "quality=896"], ModuleParameters.For(options, writerGid: null));
    }

    [Fact]
    public void What_the_configuration_names_itself_is_left_as_it_is()
    {
        var options = new QrngAgentOptions { Module = new ModuleOptions { Parameters = ["quality=100", "writer_gid=5"] } };

        Assert.Equal(["quality=100", "writer_gid=5"], ModuleParameters.For(options, writerGid: 993));
    }
}
