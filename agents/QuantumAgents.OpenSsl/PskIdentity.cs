using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace QuantumAgents.OpenSsl;

/// <summary>
/// The TLS PSK identity of a QKD key: <c>&lt;master_SAE_ID&gt;/&lt;key_ID&gt;</c>, e.g.
/// <c>cait-tls/0b3c52c7-4b4e-4f0e-9d0f-3a4f7a5f2e11</c>. The server is the slave SAE: it redeems
/// the key with ETSI GS QKD 014 <c>dec_keys</c> on <c>master_SAE_ID</c> with <c>key_ID</c>.
/// <para>
/// The master SAE ID is a KME name (<c>[A-Za-z0-9][A-Za-z0-9._-]{0,63}</c>, never a <c>/</c>), so
/// the first <c>/</c> separates the two; the key_ID is 1 to 128 printable ASCII characters
/// (a UUID from our KME, a vendor's ID or an ETSI 004 <c>stream:index</c>). Anything else is not
/// an identity of ours: a server treats it as unknown without asking its KME.
/// </para>
/// </summary>
public sealed record PskIdentity
{
    public const int MaxSaeIdLength = 64;
    public const int MaxKeyIdLength = 128;

    /// <summary>The longest encoded identity: it fits TLS 1.2's 256-byte limit as well.</summary>
    public const int MaxEncodedLength = MaxSaeIdLength + 1 + MaxKeyIdLength;

    private const byte Separator = (byte)'/';

    public PskIdentity(string masterSaeId, string keyId)
    {
        if (!IsSaeId(Encoding.ASCII.GetBytes(masterSaeId)) || masterSaeId.Any(c => c > 0x7E))
        {
            throw new ArgumentException($"not an SAE ID: '{masterSaeId}' (letters, digits, '.', '_', '-'; at most {MaxSaeIdLength})", nameof(masterSaeId));
        }
        if (!IsKeyId(Encoding.ASCII.GetBytes(keyId)) || keyId.Any(c => c > 0x7E))
        {
            throw new ArgumentException($"not a key_ID: '{keyId}' (1 to {MaxKeyIdLength} printable ASCII characters)", nameof(keyId));
        }
        MasterSaeId = masterSaeId;
        KeyId = keyId;
    }

    /// <summary>The SAE that took the key with <c>enc_keys</c> (the TLS client's side).</summary>
    public string MasterSaeId { get; }

    /// <summary>The ETSI 014 key_ID of the one key this connection uses.</summary>
    public string KeyId { get; }

    public override string ToString() => $"{MasterSaeId}/{KeyId}";

    /// <summary>The bytes sent on the wire (ASCII).</summary>
    public byte[] ToBytes() => Encoding.ASCII.GetBytes(ToString());

    public static PskIdentity Parse(string text) =>
        TryParse(Encoding.UTF8.GetBytes(text), out var identity)
            ? identity
            : throw new FormatException($"not a PSK identity '<master_SAE_ID>/<key_ID>': '{text}'");

    /// <summary>Parses identity bytes from a peer; never trusts their length or content.</summary>
    public static bool TryParse(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out PskIdentity? identity)
    {
        identity = null;
        if (encoded.Length > MaxEncodedLength)
        {
            return false;
        }
        var separator = encoded.IndexOf(Separator);
        if (separator < 0 || !IsSaeId(encoded[..separator]) || !IsKeyId(encoded[(separator + 1)..]))
        {
            return false;
        }
        identity = new PskIdentity(Encoding.ASCII.GetString(encoded[..separator]), Encoding.ASCII.GetString(encoded[(separator + 1)..]));
        return true;
    }

    private static bool IsSaeId(ReadOnlySpan<byte> id)
    {
        if (id.Length is 0 or > MaxSaeIdLength || !char.IsAsciiLetterOrDigit((char)id[0]))
        {
            return false;
        }
        foreach (var b in id)
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'.' or (byte)'_' or (byte)'-'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsKeyId(ReadOnlySpan<byte> id)
    {
        if (id.Length is 0 or > MaxKeyIdLength)
        {
            return false;
        }
        foreach (var b in id)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return false;
            }
        }
        return true;
    }
}
