using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Serialization;

namespace QuantumAgents.Kme.Forwarding;

/// <summary>
/// One hop of trusted-node forwarding: keys for SAEs of <see cref="Destination"/>, one-time-pad
/// encrypted with this hop's QKD key and authenticated with a one-time polynomial MAC keyed by
/// more of it. <see cref="Ranges"/> name that key material in the hop's key stream: the pad
/// (as long as the ciphertext) followed by the 32-byte MAC key.
/// </summary>
public sealed record ForwardMessage
{
    [JsonPropertyName("message_ID")] public required string MessageId { get; init; }
    [JsonPropertyName("origin")] public required string Origin { get; init; }
    [JsonPropertyName("destination")] public required string Destination { get; init; }
    [JsonPropertyName("master_SAE_ID")] public required string MasterSaeId { get; init; }
    [JsonPropertyName("slave_SAE_IDs")] public required IReadOnlyList<string> SlaveSaeIds { get; init; }
    [JsonPropertyName("key_IDs")] public required IReadOnlyList<string> KeyIds { get; init; }
    [JsonPropertyName("key_bytes")] public required int KeyBytes { get; init; }
    /// <summary>A shorter life than the destination's own key TTL (ETSI 004 chunks), in seconds.</summary>
    [JsonPropertyName("ttl_seconds")] public int? TtlSeconds { get; init; }
    /// <summary>[start, length] pairs in the hop's key stream, in order.</summary>
    [JsonPropertyName("ranges")] public required IReadOnlyList<long[]> Ranges { get; init; }
    [JsonPropertyName("ciphertext")] public required byte[] Ciphertext { get; init; }
    [JsonPropertyName("tag")] public required byte[] Tag { get; init; }

    /// <summary>
    /// Every field the receiver acts on, in one unambiguous encoding (length-prefixed), so the
    /// MAC covers them all: a relay cannot be made to deliver to other SAEs or other key IDs.
    /// </summary>
    public byte[] AuthenticatedHeader()
    {
        using var buffer = new MemoryStream();
        void Text(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Number(bytes.Length);
            buffer.Write(bytes);
        }
        void Number(long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            buffer.Write(bytes);
        }
        Text("qa-forward-v1");
        Text(MessageId);
        Text(Origin);
        Text(Destination);
        Text(MasterSaeId);
        Number(SlaveSaeIds.Count);
        foreach (var slave in SlaveSaeIds)
        {
            Text(slave);
        }
        Number(KeyIds.Count);
        foreach (var keyId in KeyIds)
        {
            Text(keyId);
        }
        Number(KeyBytes);
        Number(TtlSeconds ?? -1);
        Number(Ranges.Count);
        foreach (var range in Ranges)
        {
            Number(range.Length == 2 ? range[0] : -1);
            Number(range.Length == 2 ? range[1] : -1);
        }
        return buffer.ToArray();
    }
}
