using QuantumAgents.Core.Hosting;
using QuantumAgents.QrngAgent.Device;

namespace QuantumAgents.QrngAgent.Tests;

public sealed class ModulePreparationArgumentsTests
{
    [Fact]
    public void The_daemon_alone_is_no_preparation() =>
        Assert.Null(ModulePreparationArguments.Parse(["--config", "/etc/quantum-agents/qrng-agent.json"]));

    [Fact]
    public void The_unit_step_names_the_writer_group_and_keeps_the_daemons_arguments()
    {
        var parsed = ModulePreparationArguments.Parse(["--config", "/x.json", "--load-module", "--writer-group", "qa-qrng-agent"]);

        Assert.NotNull(parsed);
        Assert.Equal("qa-qrng-agent", parsed.WriterGroup);
        Assert.Equal(["--config", "/x.json"], parsed.DaemonArgs);
    }

    [Theory]
    [InlineData("--load-module", "--writer-group")]
    [InlineData("--writer-group", "qa-qrng-agent")]
    public void A_writer_group_without_a_name_or_without_the_step_is_a_configuration_error(params string[] args) =>
        Assert.Throws<DaemonConfigurationException>(() => ModulePreparationArguments.Parse(args));
}
