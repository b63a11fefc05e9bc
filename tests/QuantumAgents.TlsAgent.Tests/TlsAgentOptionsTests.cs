using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.TlsAgent.Options;

namespace QuantumAgents.TlsAgent.Tests;

public sealed class TlsAgentOptionsTests
{
    [Fact]
    public void Every_bad_field_is_named()
    {
        var options = new TlsAgentOptions
        {
            Node = "Not A Node",
            ListenAddress = "everywhere",
            Kme = new KmeClientOptions { Url = "http://kme", Certificate = "/missing.pem", Key = "/missing.key", Ca = "/missing-ca.pem", KeyBits = 100 },
            Server = new ServerRoleOptions { Address = "any", Port = 70000, HandshakeTimeoutSeconds = 0 },
            MaxHandshakesPerSession = 0,
            InfrastructureRanges = ["198.18.255.0/24", "management"],
            AllowedTargets = [new() { Subnet = "198.19.3.0/24", Ports = "1-65535" }, new() { Subnet = "198.19.1.1/24", Ports = "0" }],
        };

        var fields = options.Validate().Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]).ToList();

        Assert.Equal(
            ["node", "listen_address", "max_handshakes_per_session", "control_plane.url", "control_plane.token_file", "kme.url", "kme.certificate",
             "kme.key", "kme.ca", "kme.key_bits", "server.address", "server.port", "server.handshake_timeout_seconds", "infrastructure_ranges[1]",
             "allowed_targets[1].subnet", "allowed_targets[1].ports"],
            fields);
    }

    [Theory]
    [InlineData("198.19.3.1/24", "80", "allowed_targets[0].subnet: '198.19.3.1/24' is not a CIDR (no host bits set, e.g. 198.19.3.0/24) or an address")]
    [InlineData("", "80", "allowed_targets[0].subnet: '' is not a CIDR")]
    [InlineData("198.19.3.0/24", "", "allowed_targets[0].ports: '' is not PORT or LOW-HIGH within 1..65535")]
    [InlineData("198.19.3.0/24", "0", "allowed_targets[0].ports: '0' is not PORT")]
    [InlineData("198.19.3.0/24", "8100-8000", "allowed_targets[0].ports: '8100-8000' is not PORT")]
    [InlineData("198.19.3.0/24", "80-65536", "allowed_targets[0].ports: '80-65536' is not PORT")]
    [InlineData("198.19.3.0/24", "http", "allowed_targets[0].ports: 'http' is not PORT")]
    [InlineData("127.0.0.0/16", "80", "allowed_targets[0].subnet: 127.0.0.0/16 lies inside the infrastructure range 127.0.0.0/8, which is never a target")]
    [InlineData("198.18.255.0/25", "80", "allowed_targets[0].subnet: 198.18.255.0/25 lies inside the infrastructure range 198.18.255.0/24")]
    public void A_bad_allowed_target_is_named_with_what_is_wrong(string subnet, string ports, string expected)
    {
        var options = Valid();
        options.InfrastructureRanges = ["198.18.255.0/24"];
        options.AllowedTargets = [new() { Subnet = subnet, Ports = ports }];

        Assert.StartsWith(expected, Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_targets_and_infrastructure_ranges_bind_from_the_file_and_make_the_nodes_policy()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes("""
            {
              "node": "rectorado",
              "allowed_targets": [ { "subnet": "198.19.3.0/24", "ports": "1-65535" }, { "subnet": "203.0.113.7", "ports": "443" } ],
              "infrastructure_ranges": [ "198.18.255.0/24", "198.18.12.0/24", "198.18.23.0/24" ],
              "max_handshakes_per_session": 4
            }
            """))).Build();

        var options = TlsAgentOptions.Bind(configuration, rejectUnknownKeys: true);
        var policy = TargetOptions.Policy(options, () => []);

        Assert.Equal(4, options.MaxHandshakesPerSession);
        Assert.Null(policy.RefusalOf(IPEndPoint.Parse("198.19.3.2:8000")));
        Assert.Null(policy.RefusalOf(IPEndPoint.Parse("203.0.113.7:443")));
        Assert.NotNull(policy.RefusalOf(IPEndPoint.Parse("203.0.113.7:80")));
        Assert.NotNull(policy.RefusalOf(IPEndPoint.Parse("198.18.23.2:8444")));
    }

    [Fact]
    public void By_default_no_target_is_allowed_and_16_handshakes_per_session_may_be_in_progress()
    {
        var options = TlsAgentOptions.Bind(new ConfigurationBuilder().Build(), rejectUnknownKeys: true);

        Assert.Empty(options.AllowedTargets);
        Assert.Equal(16, options.MaxHandshakesPerSession);
        Assert.Equal("198.19.3.2:8000 is not in this node's allowed targets",
            TargetOptions.Policy(options, () => []).RefusalOf(IPEndPoint.Parse("198.19.3.2:8000")));
    }

    private static TlsAgentOptions Valid()
    {
        var existing = typeof(TlsAgentOptionsTests).Assembly.Location;
        return new TlsAgentOptions
        {
            Node = "cait",
            ControlPlane = new() { Url = "https://198.18.255.254:8480", TokenFile = existing },
            Kme = new KmeClientOptions { Url = "https://198.18.255.1:8443", Certificate = existing, Key = existing, Ca = existing },
        };
    }

    [Fact]
    public void A_complete_configuration_passes_and_names_the_agents_SAE()
    {
        var file = Path.GetTempFileName();
        try
        {
            var options = new TlsAgentOptions
            {
                Node = "cait",
                ControlPlane = new() { Url = "https://198.18.255.254:8480", TokenFile = file },
                Kme = new KmeClientOptions { Url = "https://198.18.255.1:8443", Certificate = file, Key = file, Ca = file },
            };

            Assert.Empty(options.Validate());
            Assert.Equal("cait-tls", options.SaeId);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_misspelt_key_in_the_kme_section_is_refused_by_name()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(
            """{ "node": "cait", "kme": { "url": "https://198.18.255.1:8443", "key_bitz": 512 } }"""))).Build();

        var error = Assert.Throws<InvalidOperationException>(() => TlsAgentOptions.Bind(configuration, rejectUnknownKeys: true));

        Assert.Contains("key_bitz", error.Message, StringComparison.Ordinal);
    }
}
