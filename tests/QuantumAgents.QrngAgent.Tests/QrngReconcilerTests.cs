using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Entropy;
using QuantumAgents.QrngAgent.Feeding;
using QuantumAgents.QrngAgent.Options;

namespace QuantumAgents.QrngAgent.Tests;

public sealed class QrngReconcilerTests
{
    [Fact]
    public void The_report_says_where_the_bytes_come_from_how_healthy_they_are_and_how_many_went_in()
    {
        var options = new QrngAgentOptions { RateBytesPerSecond = 1 << 20 };
        var snapshot = new FeederSnapshot(FeederState.Feeding, null, BytesFed: 123_456, FillLevel: 4096, SourceFailures: 2, DeviceFailures: 1);

        var facts = QrngReconciler.Facts(options, new SimulatedEntropySource(), snapshot);

        Assert.Equal("/dev/qrng", facts["device"]);
        Assert.Equal("simulated (OS CSPRNG, not quantum)", facts["source"]);
        Assert.Equal("false", facts["quantum"]);
        Assert.Equal("ok", facts["health"]);
        Assert.Equal("feeding", facts["state"]);
        Assert.Equal("123456", facts["bytes_fed"]);
        Assert.Equal("4096", facts["fill_level"]);
        Assert.Equal("2", facts["source_failures"]);
        Assert.Equal("1", facts["device_failures"]);
        Assert.Equal("1048576", facts["rate_cap_bytes_per_second"]);
        Assert.Equal("not managed", facts["rngd"]);
        Assert.False(facts.ContainsKey("last_failure"));
    }

    [Fact]
    public void A_failing_source_shows_as_failing_with_its_reason()
    {
        var snapshot = new FeederSnapshot(FeederState.SourceOutOfService, "repetition count test: 5 identical bytes in a row (0xa5)", 0, -1, 1, 0);

        var facts = QrngReconciler.Facts(new QrngAgentOptions(), new SimulatedEntropySource(), snapshot, "rngd.service restarted");

        Assert.Equal("rngd.service restarted", facts["rngd"]);
        Assert.Equal("failing", facts["health"]);
        Assert.Equal("source_out_of_service", facts["state"]);
        Assert.Equal("unknown", facts["fill_level"]);
        Assert.Equal("none", facts["rate_cap_bytes_per_second"]);
        Assert.StartsWith("repetition count test", facts["last_failure"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_control_plane_gives_a_qrng_agent_no_resources_so_it_reports_none()
    {
        var reconciler = new QrngReconciler(new QrngAgentOptions(), new SimulatedEntropySource(), new FeederStatus(new ReconcileTrigger()));

        var resources = await reconciler.ReconcileAsync(new WorkView(3, "cait", AgentKind.Qrng, null, null), CancellationToken.None);

        Assert.Empty(resources);
        Assert.Equal("starting", reconciler.Describe().Facts!["state"]);
    }
}
