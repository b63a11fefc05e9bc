using System.Reflection;
using System.Security.Cryptography;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Core.Tests;

public class SecretBytesTests
{
    private static readonly byte[] Sample = [0xde, 0xad, 0xbe, 0xef, 0x01, 0x02];

    private static byte[] UnderlyingBuffer(SecretBytes secret) =>
        (byte[])typeof(SecretBytes).GetField("_buffer", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(secret)!;

    [Fact]
    public void CopyFrom_holds_the_same_bytes()
    {
        using var secret = SecretBytes.CopyFrom(Sample);
        Assert.Equal(Sample.Length, secret.Length);
        Assert.Equal(Sample, secret.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void CopyFrom_copies_so_changing_the_source_does_not_change_the_secret()
    {
        var source = (byte[])Sample.Clone();
        using var secret = SecretBytes.CopyFrom(source);
        source.AsSpan().Clear();
        Assert.Equal(Sample, secret.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void Dispose_zeroes_the_underlying_buffer()
    {
        var secret = SecretBytes.CopyFrom(Sample);
        var buffer = UnderlyingBuffer(secret);
        Assert.Equal(Sample, buffer);

        secret.Dispose();

        Assert.True(secret.IsDisposed);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void AsSpan_throws_after_Dispose()
    {
        var secret = SecretBytes.CopyFrom(Sample);
        secret.Dispose();
        Assert.Throws<ObjectDisposedException>(() => secret.AsSpan());
        Assert.Throws<ObjectDisposedException>(() => secret.AsReadOnlySpan());
        Assert.Throws<ObjectDisposedException>(() => secret.Sha256Hex());
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        var secret = SecretBytes.CopyFrom(Sample);
        secret.Dispose();
        secret.Dispose();
        Assert.True(secret.IsDisposed);
    }

    [Fact]
    public void ToString_shows_the_length_never_the_bytes()
    {
        using var secret = SecretBytes.CopyFrom(Sample);
        var text = secret.ToString();
        Assert.Equal("SecretBytes(6 bytes)", text);
        Assert.DoesNotContain("dead", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Sample), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sha256Hex_matches_the_platform_SHA256_in_lower_case()
    {
        using var secret = SecretBytes.CopyFrom(Sample);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Sample)), secret.Sha256Hex());
    }

    [Fact]
    public void ContentEquals_is_true_only_for_identical_content()
    {
        using var secret = SecretBytes.CopyFrom(Sample);
        Assert.True(secret.ContentEquals(Sample));
        Assert.False(secret.ContentEquals([0xde, 0xad, 0xbe, 0xef, 0x01, 0x03]));
        Assert.False(secret.ContentEquals(Sample.AsSpan(0, 5)));
    }

    [Fact]
    public void Random_has_the_requested_length_and_differs_between_calls()
    {
        using var a = SecretBytes.Random(32);
        using var b = SecretBytes.Random(32);
        Assert.Equal(32, a.Length);
        Assert.False(a.ContentEquals(b.AsReadOnlySpan()));
    }

    [Fact]
    public void A_negative_length_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SecretBytes(-1));
    }
}
