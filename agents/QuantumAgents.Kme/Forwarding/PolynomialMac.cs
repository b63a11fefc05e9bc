using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QuantumAgents.Kme.Forwarding;

/// <summary>
/// A Wegman–Carter one-time MAC: the GHASH polynomial over GF(2^128) evaluated at a one-time
/// point H, masked with a one-time pad S. With H and S fresh QKD key material used once, a
/// forger succeeds with probability at most (blocks + 1) / 2^128 whatever their computing
/// power: information-theoretic, unlike HMAC. The message is the GCM layout: the header and
/// the ciphertext, each zero-padded to 16 bytes, then both lengths in bits.
/// </summary>
public static class PolynomialMac
{
    public const int KeyBytes = 32;
    public const int TagBytes = 16;

    /// <summary>The tag of (header, ciphertext) under the one-time key (H ‖ S).</summary>
    public static void Compute(ReadOnlySpan<byte> oneTimeKey, ReadOnlySpan<byte> header, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        if (oneTimeKey.Length != KeyBytes || tag.Length != TagBytes)
        {
            throw new ArgumentException("a one-time MAC key is 32 bytes and a tag 16");
        }
        var h = oneTimeKey[..16];
        Span<byte> y = stackalloc byte[16];
        y.Clear();
        Absorb(y, h, header);
        Absorb(y, h, ciphertext);
        Span<byte> lengths = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)header.Length * 8);
        BinaryPrimitives.WriteUInt64BigEndian(lengths[8..], (ulong)ciphertext.Length * 8);
        Xor(y, lengths);
        Gf128.Multiply(y, h, y);
        for (var i = 0; i < TagBytes; i++)
        {
            tag[i] = (byte)(y[i] ^ oneTimeKey[16 + i]);
        }
        CryptographicOperations.ZeroMemory(y);
    }

    public static bool Verify(ReadOnlySpan<byte> oneTimeKey, ReadOnlySpan<byte> header, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag)
    {
        Span<byte> expected = stackalloc byte[TagBytes];
        Compute(oneTimeKey, header, ciphertext, expected);
        return tag.Length == TagBytes && CryptographicOperations.FixedTimeEquals(expected, tag);
    }

    private static void Absorb(Span<byte> y, ReadOnlySpan<byte> h, ReadOnlySpan<byte> data)
    {
        Span<byte> block = stackalloc byte[16];
        for (var offset = 0; offset < data.Length; offset += 16)
        {
            block.Clear();
            data.Slice(offset, Math.Min(16, data.Length - offset)).CopyTo(block);
            Xor(y, block);
            Gf128.Multiply(y, h, y);
        }
    }

    private static void Xor(Span<byte> y, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < 16; i++)
        {
            y[i] ^= block[i];
        }
    }
}
