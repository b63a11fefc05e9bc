using System.Text;
using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.Tests.Etsi014;

public sealed class KmeClientOptionsTests
{
    [Fact]
    public void The_kme_section_binds_by_its_snake_case_names()
    {
        var options = Section("""{ "kme": { "url": "https://198.18.255.1:8443", "certificate": "/c.pem", "key": "/k.pem", "ca": "/ca.pem", "key_bits": 384 } }""");

        Assert.Equal(("https://198.18.255.1:8443", "/c.pem", "/k.pem", "/ca.pem", 384),
            (options.Url, options.Certificate, options.Key, options.Ca, options.KeyBits));
    }

    [Fact]
    public void Keys_are_256_bits_unless_configured()
    {
        Assert.Equal(256, Section("""{ "kme": { "url": "https://kme" } }""").KeyBits);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(260)]
    [InlineData(8200)]
    public void A_key_length_that_is_not_whole_bytes_from_128_to_8192_bits_is_refused(int bits)
    {
        var options = Complete();
        options.KeyBits = bits;

        Assert.Equal(["kme.key_bits: a multiple of 8 from 128 to 8192"], options.Validate());
    }

    [Fact]
    public void Every_bad_field_is_named()
    {
        var options = new KmeClientOptions { Url = "http://kme", Certificate = "/missing.pem", Key = "/missing.key", Ca = "/missing-ca.pem", KeyBits = 0 };

        Assert.Equal(["kme.url", "kme.certificate", "kme.key", "kme.ca", "kme.key_bits"],
            options.Validate().Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void A_complete_section_passes()
    {
        Assert.Empty(Complete().Validate());
    }

    private static KmeClientOptions Complete()
    {
        // Any existing file passes the existence check; the TLS handshake judges the content.
        var existing = typeof(KmeClientOptionsTests).Assembly.Location;
        return new KmeClientOptions { Url = "https://198.18.255.1:8443", Certificate = existing, Key = existing, Ca = existing };
    }

    private static KmeClientOptions Section(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build()
            .GetSection("kme").Get<KmeClientOptions>(binder => binder.ErrorOnUnknownConfiguration = true)!;
}
