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
        };

        var fields = options.Validate().Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]).ToList();

        Assert.Equal(
            ["node", "listen_address", "control_plane.url", "control_plane.token_file", "kme.url", "kme.certificate", "kme.key", "kme.ca",
             "kme.key_bits", "server.address", "server.port", "server.handshake_timeout_seconds"],
            fields);
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
