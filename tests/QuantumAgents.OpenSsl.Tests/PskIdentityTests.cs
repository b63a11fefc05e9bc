using System.Text;

namespace QuantumAgents.OpenSsl.Tests;

public sealed class PskIdentityTests
{
    [Fact]
    public void Formats_as_master_sae_slash_key_id_and_parses_back()
    {
        var identity = new PskIdentity("cait-tls", "0b3c52c7-4b4e-4f0e-9d0f-3a4f7a5f2e11");

        Assert.Equal("cait-tls/0b3c52c7-4b4e-4f0e-9d0f-3a4f7a5f2e11", identity.ToString());
        Assert.Equal(identity, PskIdentity.Parse(identity.ToString()));
    }

    [Fact]
    public void The_key_id_may_contain_slashes_and_colons_the_sae_id_ends_at_the_first_slash()
    {
        var identity = PskIdentity.Parse("rectorado.app/stream-7:42/x");

        Assert.Equal("rectorado.app", identity.MasterSaeId);
        Assert.Equal("stream-7:42/x", identity.KeyId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-separator")]
    [InlineData("/key")]
    [InlineData("cait/")]
    [InlineData("-cait/key")]
    [InlineData("ca it/key")]
    [InlineData("cait/key with space")]
    [InlineData("cait/k\u00e9y")]
    public void Rejects_what_is_not_an_identity_of_ours(string text)
    {
        Assert.False(PskIdentity.TryParse(Encoding.UTF8.GetBytes(text), out _));
        Assert.Throws<FormatException>(() => PskIdentity.Parse(text));
    }

    [Fact]
    public void Rejects_overlong_parts_and_fits_tls12s_identity_limit()
    {
        var longestSae = new string('s', PskIdentity.MaxSaeIdLength);
        var longestKey = new string('k', PskIdentity.MaxKeyIdLength);

        Assert.True(PskIdentity.TryParse(Encoding.ASCII.GetBytes($"{longestSae}/{longestKey}"), out _));
        Assert.False(PskIdentity.TryParse(Encoding.ASCII.GetBytes($"{longestSae}s/{longestKey}"), out _));
        Assert.False(PskIdentity.TryParse(Encoding.ASCII.GetBytes($"{longestSae}/{longestKey}k"), out _));
        Assert.True(PskIdentity.MaxEncodedLength < 256);
        Assert.Throws<ArgumentException>(() => new PskIdentity("cait", ""));
        Assert.Throws<ArgumentException>(() => new PskIdentity("ca/it", "key"));
    }
}
