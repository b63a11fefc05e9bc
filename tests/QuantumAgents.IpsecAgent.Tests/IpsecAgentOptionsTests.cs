using System.Text;
using Microsoft.Extensions.Configuration;
using QuantumAgents.IpsecAgent.Options;

namespace QuantumAgents.IpsecAgent.Tests;

public sealed class IpsecAgentOptionsTests
{
    [Fact]
    public void Every_bad_field_is_named_in_the_validation_problems()
    {
        var options = new IpsecAgentOptions
        {
            Node = "",
            ViciSocket = "charon.vici",
            LocalAddress = "cait",
            InitiateWindowSeconds = 0,
            InfrastructureRanges = ["198.18.255.0/24", "198.18.12.1/24"],
        };
        options.ControlPlane.Url = "ftp://controld";
        options.ControlPlane.TokenFile = "/nonexistent/node-cait.token";
        options.Kme.Url = "http://198.18.255.1:8443";
        options.Kme.Certificate = "/nonexistent/sae-cait-ipsec.pem";

        var problems = options.Validate().ToList();

        foreach (var field in new[] { "node:", "control_plane.url:", "control_plane.token_file:", "kme.url:", "kme.certificate:", "kme.key:", "kme.ca:",
                     "vici_socket:", "local_address:", "initiate_window_seconds:", "infrastructure_ranges: '198.18.12.1/24'" })
        {
            Assert.Contains(problems, p => p.StartsWith(field, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_complete_configuration_has_no_problems()
    {
        var existing = typeof(IpsecAgentOptionsTests).Assembly.Location;
        var options = new IpsecAgentOptions { Node = "cait", ViciSocket = "/run/qa-testbed/charon/cait/charon.vici", LocalAddress = "198.18.12.1" };
        options.ControlPlane.Url = "https://198.18.255.254:8480";
        options.ControlPlane.TokenFile = existing;
        options.Kme.Url = "https://198.18.255.1:8443";
        options.Kme.Certificate = options.Kme.Key = options.Kme.Ca = existing;

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("""[]""", new string[0])]
    [InlineData("""["198.18.255.0/24", "198.18.12.0/24", "198.18.12.1", "fd00:1::/48"]""", new[] { "198.18.255.0/24", "198.18.12.0/24", "198.18.12.1", "fd00:1::/48" })]
    public void Infrastructure_ranges_bind_as_a_list_and_an_empty_one_as_none(string json, string[] expected)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(
            $$"""{ "node": "cait", "infrastructure_ranges": {{json}} }"""))).Build();

        Assert.Equal(expected, IpsecAgentOptions.Bind(configuration, rejectUnknownKeys: true).InfrastructureRanges);
    }

    [Fact]
    public void The_kme_section_binds_through_the_agents_own_binder()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(
            """{ "node": "cait", "kme": { "url": "https://198.18.255.1:8443", "certificate": "/c.pem", "key": "/k.pem", "ca": "/ca.pem", "key_bits": 512 } }"""))).Build();

        var kme = IpsecAgentOptions.Bind(configuration, rejectUnknownKeys: true).Kme;

        Assert.Equal(("https://198.18.255.1:8443", "/c.pem", "/k.pem", "/ca.pem", 512), (kme.Url, kme.Certificate, kme.Key, kme.Ca, kme.KeyBits));
    }
}
