using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Hosting;
using QuantumAgents.QrngAgent.Options;

namespace QuantumAgents.QrngAgent.Tests;

public sealed class QrngAgentOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_feed_dev_qrng_from_the_simulated_source_without_reporting()
    {
        var options = new QrngAgentOptions();

        Assert.Empty(options.Validate());
        Assert.Equal("/dev/qrng", options.Device);
        Assert.Equal("simulated", options.Source.Kind);
        Assert.Null(options.ControlPlane);
        Assert.True(options.Module.Load);
    }

    [Theory]
    [InlineData("batch_bytes: between 512 and 16777216")]
    [InlineData("rate_bytes_per_second: at least batch_bytes, or 0 for no cap")]
    [InlineData("device: 'qrng' is not an absolute path")]
    [InlineData("module.parameters[1]: 'hwrng=0; reboot' is not NAME=VALUE")]
    [InlineData("module.name: 'qrng ko' is not a module name")]
    [InlineData("source.kind: 'magic' is not one of simulated, device, rest, control_plane")]
    [InlineData("rngd_unit: 'rngd; reboot' is not a systemd service name")]
    public void Each_bad_field_is_named(string expected)
    {
        var options = new QrngAgentOptions
        {
            BatchBytes = expected.StartsWith("batch", StringComparison.Ordinal) ? 100 : 65536,
            RateBytesPerSecond = expected.StartsWith("rate", StringComparison.Ordinal) ? 1000 : 0,
            Device = expected.StartsWith("device", StringComparison.Ordinal) ? "qrng" : "/dev/qrng",
        };
        options.Module.Parameters = expected.StartsWith("module.parameters", StringComparison.Ordinal) ? ["hwrng=0", "hwrng=0; reboot"] : [];
        options.Module.Name = expected.StartsWith("module.name", StringComparison.Ordinal) ? "qrng ko" : "qrng";
        options.Source.Kind = expected.StartsWith("source", StringComparison.Ordinal) ? "magic" : "simulated";
        options.RngdUnit = expected.StartsWith("rngd", StringComparison.Ordinal) ? "rngd; reboot" : "rng-tools-debian.service";

        Assert.Equal([expected], options.Validate());
    }

    [Fact]
    public void Reporting_needs_a_node_name_and_a_usable_control_plane_section()
    {
        var options = new QrngAgentOptions { ControlPlane = new ControlPlaneClientOptions { Url = "ftp://x", TokenFile = "/nonexistent/token" } };

        var problems = options.Validate().ToList();

        Assert.Contains("node: required with control_plane, letters, digits and '-'", problems);
        Assert.Contains("control_plane.url: an http(s) URL is required", problems);
        Assert.Contains("control_plane.token_file: '/nonexistent/token' does not exist", problems);
    }

    [Fact]
    public void A_vm_configuration_file_binds_with_the_source_generator_and_unknown_keys_are_refused()
    {
        var directory = Directory.CreateTempSubdirectory("qa-qrng-options-").FullName;
        try
        {
            var token = Path.Combine(directory, "token");
            File.WriteAllText(token, "x");
            var config = Path.Combine(directory, "qrng-agent.json");
            File.WriteAllText(config, $$"""
                {
                  "source": { "kind": "control_plane", "url": "http://10.0.2.100:8480", "token_file": "{{token}}", "quantum": false },
                  "module": { "parameters": ["hwrng=0", "capacity=65536"] },
                  "batch_bytes": 16384,
                  "rate_bytes_per_second": 1048576,
                  "rngd_unit": "rng-tools-debian.service",
                  "node": "vm-1",
                  "control_plane": { "url": "http://10.0.2.100:8480", "token_file": "{{token}}" }
                }
                """);

            var options = DaemonConfiguration.Load<QrngAgentOptions>(new DaemonArguments(config));

            Assert.Equal("control_plane", options.Source.Kind);
            Assert.False(options.Source.Quantum);
            Assert.Equal(["hwrng=0", "capacity=65536"], options.Module.Parameters);
            Assert.Equal(16384, options.BatchBytes);
            Assert.Equal(1048576, options.RateBytesPerSecond);
            Assert.Equal("rng-tools-debian.service", options.RngdUnit);
            Assert.Equal("http://10.0.2.100:8480", options.ControlPlane?.Url);

            File.WriteAllText(config, """{ "source": { "kind": "simulated" }, "batch_byte": 4096 }""");
            var e = Assert.Throws<DaemonConfigurationException>(() => DaemonConfiguration.Load<QrngAgentOptions>(new DaemonArguments(config)));
            Assert.Contains("batch_byte", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
