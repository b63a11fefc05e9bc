using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumAgents.Contracts;

/// <summary>
/// An enum of the contract as its wire word, read strictly: the stock enum converter also takes
/// other cases and numbers, which the API has always refused. A bad value throws the
/// serializer's own "could not be converted" error, which names the field.
/// </summary>
public abstract class WireNameConverter<T> : JsonConverter<T> where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && TryParse(reader.GetString(), out var value) ? value.Value : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(NameOf(value));
    }

    protected abstract string NameOf(T value);

    private bool TryParse(string? name, [NotNullWhen(true)] out T? value)
    {
        value = Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => NameOf(v!.Value) == name);
        return value is not null;
    }
}
