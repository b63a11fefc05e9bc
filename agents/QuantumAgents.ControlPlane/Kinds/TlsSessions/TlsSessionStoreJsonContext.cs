using System.Text.Json.Serialization;

namespace QuantumAgents.ControlPlane.Kinds.TlsSessions;

/// <summary>How a TLS session's spec is kept in the database's <c>resources.spec</c> (independent of the API's shapes).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TlsSessionSpec))]
internal sealed partial class TlsSessionStoreJsonContext : JsonSerializerContext;
