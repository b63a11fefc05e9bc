using System.Buffers.Binary;

namespace QuantumAgents.OpenSsl.Psk;

/// <summary>
/// Reads the pre_shared_key extension of a ClientHello (RFC 8446 §4.2.11) as the peer sent it:
/// <c>identities&lt;7..2^16-1&gt;</c> of (<c>identity&lt;1..2^16-1&gt;</c>, uint32 ticket age),
/// then the binders. Every length is checked against what is really there.
/// </summary>
internal static class ClientHelloPskReader
{
    /// <summary>The first offered identity; false if the extension is malformed.</summary>
    public static bool TryReadFirstIdentity(ReadOnlySpan<byte> extension, out ReadOnlySpan<byte> identity)
    {
        identity = default;
        if (extension.Length < 2)
        {
            return false;
        }
        int identitiesLength = BinaryPrimitives.ReadUInt16BigEndian(extension);
        var identities = extension[2..];
        if (identitiesLength > identities.Length || identitiesLength < 7)
        {
            return false;
        }
        identities = identities[..identitiesLength];
        int identityLength = BinaryPrimitives.ReadUInt16BigEndian(identities);
        // The identity, then its 4-byte obfuscated_ticket_age, must fit in the list.
        if (identityLength == 0 || 2 + identityLength + 4 > identities.Length)
        {
            return false;
        }
        identity = identities.Slice(2, identityLength);
        return true;
    }
}
