using System.Security.Cryptography;
using QuantumAgents.Kme.Forwarding;

namespace QuantumAgents.Kme.Tests.Forwarding;

public sealed class PolynomialMacTests
{
    /// <summary>
    /// GCM's tag is E_K(J0) ⊕ GHASH_H(A, C) with H = E_K(0). With H and the mask taken from AES
    /// instead of QKD, our MAC must reproduce the platform's AES-GCM tag exactly: that checks the
    /// field arithmetic, the bit order and the message layout against an independent implementation.
    /// </summary>
    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 16)]
    [InlineData(16, 1)]
    [InlineData(33, 100)]
    public void Equals_the_GHASH_part_of_AES_GCM(int headerLength, int plaintextLength)
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var header = RandomNumberGenerator.GetBytes(headerLength);
        var plaintext = RandomNumberGenerator.GetBytes(plaintextLength);
        var ciphertext = new byte[plaintextLength];
        var gcmTag = new byte[16];
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(nonce, plaintext, ciphertext, gcmTag, header);
        }
        using var aes = Aes.Create();
        aes.Key = key;
        var h = aes.EncryptEcb(new byte[16], PaddingMode.None);
        var j0 = aes.EncryptEcb([.. nonce, 0, 0, 0, 1], PaddingMode.None);

        var tag = new byte[16];
        PolynomialMac.Compute([.. h, .. j0], header, ciphertext, tag);

        Assert.Equal(gcmTag, tag);
    }

    [Fact]
    public void A_changed_bit_anywhere_fails_verification()
    {
        var oneTimeKey = RandomNumberGenerator.GetBytes(32);
        var header = RandomNumberGenerator.GetBytes(40);
        var ciphertext = RandomNumberGenerator.GetBytes(64);
        var tag = new byte[16];
        PolynomialMac.Compute(oneTimeKey, header, ciphertext, tag);
        Assert.True(PolynomialMac.Verify(oneTimeKey, header, ciphertext, tag));

        foreach (var (h, c, t) in new[] { (Flip(header, 7), ciphertext, tag), (header, Flip(ciphertext, 63), tag), (header, ciphertext, Flip(tag, 0)) })
        {
            Assert.False(PolynomialMac.Verify(oneTimeKey, h, c, t));
        }
        // Moving bytes between header and ciphertext changes the length block.
        Assert.False(PolynomialMac.Verify(oneTimeKey, [.. header, .. ciphertext.AsSpan(0, 16)], ciphertext.AsSpan(16), tag));
    }

    private static byte[] Flip(byte[] data, int index)
    {
        var copy = (byte[])data.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
