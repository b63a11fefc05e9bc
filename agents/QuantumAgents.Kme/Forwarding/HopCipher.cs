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
    /// <summary>Takes pad + MAC key from key this KME owns, or null when the pool is short.</summary>
    public static HopMaterial? TakeForSealing(KeyPool own, int plaintextBytes)
    {
        var taken = own.TryTake(1, plaintextBytes + PolynomialMac.KeyBytes);
        return taken is [var key] ? new HopMaterial(key.Ranges, key.Material) : null;
    }

    /// <summary>
    /// The material of a take of the exact ranges the sender used (<see cref="KeyPool.TryTakeExact"/>
    /// of one message's ranges), or the ranges we do not hold (replayed, out of sync).
    /// </summary>
    public static (HopMaterial? Material, IReadOnlyList<KeyRange> Missing) ForOpening(TakeResult result) =>
        result.Taken is [var key] ? (new HopMaterial(key.Ranges, key.Material), []) : (null, result.Missing);

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
    public ReadOnlySpan<byte> Pad(int padBytes) => Material.AsReadOnlySpan()[..padBytes];

    public ReadOnlySpan<byte> MacKey(int padBytes) => Material.AsReadOnlySpan().Slice(padBytes, PolynomialMac.KeyBytes);

    public void Dispose() => Material.Dispose();
}
