using System.Buffers.Binary;

namespace QuantumAgents.Kme.Forwarding;

/// <summary>
/// Multiplication in GF(2^128) with the bit order and reduction polynomial of GCM (NIST SP
/// 800-38D, Algorithm 1). Bitwise and constant-time: no table indexed by secret data.
/// </summary>
internal static class Gf128
{
    /// <summary>x · y, both 16-byte blocks, result into <paramref name="product"/> (may alias x).</summary>
    public static void Multiply(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> product)
    {
        var xHi = BinaryPrimitives.ReadUInt64BigEndian(x);
        var xLo = BinaryPrimitives.ReadUInt64BigEndian(x[8..]);
        var vHi = BinaryPrimitives.ReadUInt64BigEndian(y);
        var vLo = BinaryPrimitives.ReadUInt64BigEndian(y[8..]);
        ulong zHi = 0, zLo = 0;
        for (var i = 0; i < 128; i++)
        {
            var bit = i < 64 ? (xHi >> (63 - i)) & 1 : (xLo >> (127 - i)) & 1;
            var mask = 0UL - bit;
            zHi ^= vHi & mask;
            zLo ^= vLo & mask;
            var carry = 0UL - (vLo & 1);
            vLo = (vLo >> 1) | (vHi << 63);
            vHi = (vHi >> 1) ^ (0xE100000000000000UL & carry);
        }
        BinaryPrimitives.WriteUInt64BigEndian(product, zHi);
        BinaryPrimitives.WriteUInt64BigEndian(product[8..], zLo);
    }
}
