using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumAgents.Core.Etsi014;

/// <summary>
/// Source-generated (AOT) JSON for the ETSI 014 data formats. Requests refuse unknown members
/// (a typo is an error, not a silent default); responses tolerate a vendor's extra fields.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Etsi014Status))]
[JsonSerializable(typeof(Etsi014KeyRequest))]
[JsonSerializable(typeof(Etsi014KeyContainer))]
[JsonSerializable(typeof(Etsi014KeyIds))]
[JsonSerializable(typeof(Etsi014Error))]
public sealed partial class Etsi014JsonContext : JsonSerializerContext
{
    /// <summary>
    /// For writing responses: JSON-safe without escaping quotes and apostrophes as \u0027, so
    /// error messages stay readable in curl. (These documents are never embedded in HTML.)
    /// </summary>
    public static Etsi014JsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
