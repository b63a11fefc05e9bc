using QuantumAgents.ControlPlane.Auth;

namespace QuantumAgents.ControlPlane.Tests.Unit;

public sealed class TokensTests
{
    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ñ", "024bb90888ca89a15a19e9bdd8c712bfb070465fce1ef25e43c170ea44fc5e5f")]
    [InlineData("test-admin-token", "17d6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99c5")]
    public void The_hash_is_the_lowercase_hex_sha256_of_the_utf8_token(string token, string sha256)
    {
        Assert.Equal(sha256, Tokens.Hash(token));
    }

    [Fact]
    public void New_tokens_are_unique_url_safe_and_carry_256_bits()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => Tokens.New()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(tokens.Count, tokens.Select(Tokens.Hash).Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t => Assert.Matches("^qa_[A-Za-z0-9_-]{43}$", t));
    }

    [Fact]
    public void The_id_of_a_token_is_the_start_of_its_hash_and_says_nothing_more()
    {
        var hash = Tokens.Hash("abc");

        Assert.Equal("ba7816bf8f01", Tokens.IdOf(hash));
        Assert.Equal(Tokens.IdOf(hash), Tokens.IdOf(Tokens.Hash("abc")));
        Assert.NotEqual(Tokens.IdOf(hash), Tokens.IdOf(Tokens.Hash("abd")));
    }
}
