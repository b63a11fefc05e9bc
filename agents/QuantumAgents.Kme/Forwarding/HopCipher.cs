using System.Security.Cryptography;
using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Forwarding;

/// <summary>
/// Sealing and opening one hop: one-time pad plus one-time MAC, both from the hop's QKD pool.
/// The caller persists the pool removal (<see cref="HopMaterial.Ranges"/>) before trusting it.
/// </summary>
public static class HopCipher
{
    /// <summary>Key one hop of a message of <paramref name="plaintextBytes"/> takes: the pad, then the MAC key.</summary>
    public static int MaterialBytes(int plaintextBytes) => plaintextBytes + PolynomialMac.KeyBytes;

    /// <summary>
    /// The material of a take of the exact ranges the sender used (<see cref="KeyPool.TryTakeExact"/>
    /// of one message's ranges), or the ranges we do not hold (replayed, out of sync).
    /// </summary>
    public static (HopMaterial? Material, IReadOnlyList<KeyRange> Missing) ForOpening(TakeResult result) =>
        result.Taken is [var key] ? (HopMaterial.From(key), []) : (null, result.Missing);

    /// <summary>Encrypts and authenticates; returns (ciphertext, tag).</summary>
    public static (byte[] Ciphertext, byte[] Tag) Seal(HopMaterial material, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> header)
    {
        var pad = material.Pad(plaintext.Length);
        var macKey = material.MacKey(plaintext.Length);
        var ciphertext = new byte[plaintext.Length];
        for (var i = 0; i < ciphertext.Length; i++)
        {
            ciphertext[i] = (byte)(plaintext[i] ^ pad[i]);
        }
        var tag = new byte[PolynomialMac.TagBytes];
        PolynomialMac.Compute(macKey, header, ciphertext, tag);
        return (ciphertext, tag);
    }

    /// <summary>Verifies, then decrypts into a new secret; null when the tag does not match.</summary>
    public static SecretBytes? Open(HopMaterial material, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> header)
    {
        if (material.Material.Length != ciphertext.Length + PolynomialMac.KeyBytes)
        {
            return null;
        }
        var pad = material.Pad(ciphertext.Length);
        var macKey = material.MacKey(ciphertext.Length);
        if (!PolynomialMac.Verify(macKey, header, ciphertext, tag))
        {
            return null;
        }
        var plaintext = new SecretBytes(ciphertext.Length);
        var output = plaintext.AsSpan();
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (byte)(ciphertext[i] ^ pad[i]);
        }
        return plaintext;
    }
}

/// <summary>QKD key material of one hop for one message: the pad followed by the MAC key. Zeroed on dispose.</summary>
public sealed record HopMaterial(IReadOnlyList<KeyRange> Ranges, SecretBytes Material) : IDisposable
{
    public static HopMaterial From(TakenKey key) => new(key.Ranges, key.Material);

    public ReadOnlySpan<byte> Pad(int padBytes) => Material.AsReadOnlySpan()[..padBytes];

    public ReadOnlySpan<byte> MacKey(int padBytes) => Material.AsReadOnlySpan().Slice(padBytes, PolynomialMac.KeyBytes);

    public void Dispose() => Material.Dispose();
}
