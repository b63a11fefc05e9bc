using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Core.Etsi014;

/// <summary>
/// Base64 straight between JSON bytes and a pinned <see cref="SecretBytes"/>: the key never
/// exists as a .NET string, which could not be zeroed.
/// </summary>
public sealed class SecretBytesBase64Converter : JsonConverter<SecretBytes>
{
    public override SecretBytes Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("a key must be a base64 string");
        }
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var text = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(text);
            var encoded = text.AsSpan(0, written);
            var decoded = new SecretBytes(Base64.GetMaxDecodedFromUtf8Length(written));
            var status = Base64.DecodeFromUtf8(encoded, decoded.AsSpan(), out _, out var produced);
            if (status != OperationStatus.Done)
            {
                decoded.Dispose();
                throw new JsonException("a key is not valid base64");
            }
            if (produced == decoded.Length)
            {
                return decoded;
            }
            var exact = SecretBytes.CopyFrom(decoded.AsReadOnlySpan()[..produced]);
            decoded.Dispose();
            return exact;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(text);
        }
    }

    public override void Write(Utf8JsonWriter writer, SecretBytes value, JsonSerializerOptions options) =>
        writer.WriteBase64StringValue(value.AsReadOnlySpan());
}
