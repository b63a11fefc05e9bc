using System.Text.Json.Serialization;

namespace QuantumAgents.ControlPlane.Kinds.Tunnels;

/// <summary>How a tunnel's spec is kept in the database's <c>resources.spec</c> (independent of the API's shapes).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TunnelSpec))]
internal sealed partial class TunnelStoreJsonContext : JsonSerializerContext;
