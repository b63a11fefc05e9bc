using System.Security.Cryptography;
using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Forwarding;
using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Tests.Forwarding;

/// <summary>One hop between two KMEs whose pools hold the same key material.</summary>
public sealed class HopCipherTests
{
    private readonly KeyPool _sender = new();
    private readonly KeyPool _receiver = new();

    public HopCipherTests()
    {
        var stream = RandomNumberGenerator.GetBytes(4096);
        _sender.Add(0, SecretBytes.CopyFrom(stream));
        _receiver.Add(0, SecretBytes.CopyFrom(stream));
    }

    [Fact]
    public void What_one_side_seals_the_other_opens_with_the_same_ranges()
    {
        var secret = RandomNumberGenerator.GetBytes(64);
        var header = RandomNumberGenerator.GetBytes(50);
        using var sealing = Seal(secret.Length);
        var (ciphertext, tag) = HopCipher.Seal(sealing, secret, header);
        Assert.NotEqual(secret, ciphertext);

        var (opening, missing) = HopCipher.ForOpening(_receiver.TryTakeExact([sealing.Ranges]));
        Assert.Empty(missing);
        using (opening)
        using (var opened = HopCipher.Open(opening!, ciphertext, tag, header))
        {
            Assert.Equal(secret, opened!.AsReadOnlySpan().ToArray());
        }
        Assert.Equal(_sender.AvailableBytes, _receiver.AvailableBytes);
    }

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    [InlineData("header")]
    public void Any_change_in_transit_is_caught_and_nothing_is_decrypted(string tampered)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var header = RandomNumberGenerator.GetBytes(20);
        using var sealing = Seal(secret.Length);
        var (ciphertext, tag) = HopCipher.Seal(sealing, secret, header);
        (tampered switch { "ciphertext" => ciphertext, "tag" => tag, _ => header })[3] ^= 0x40;

        var (opening, _) = HopCipher.ForOpening(_receiver.TryTakeExact([sealing.Ranges]));
        using (opening)
        {
            Assert.Null(HopCipher.Open(opening!, ciphertext, tag, header));
        }
    }

    [Fact]
    public void A_replay_finds_its_key_material_gone()
    {
        using var sealing = Seal(32);
        var (first, _) = HopCipher.ForOpening(_receiver.TryTakeExact([sealing.Ranges]));
        first!.Dispose();

        var (second, missing) = HopCipher.ForOpening(_receiver.TryTakeExact([sealing.Ranges]));

        Assert.Null(second);
        Assert.NotEmpty(missing);
    }

    [Fact]
    public void A_message_takes_its_length_and_a_MAC_key_on_every_hop()
    {
        Assert.Equal(64 + PolynomialMac.KeyBytes, HopCipher.MaterialBytes(64));
        Assert.Equal(64 + 32, Seal(64).Material.Length);
    }

    private HopMaterial Seal(int plaintextBytes) => HopMaterial.From(Assert.Single(_sender.TryTake(1, HopCipher.MaterialBytes(plaintextBytes))!));
}
