using System.Text.Json.Serialization;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.Store;

/// <summary>How specs and facts are kept in the database's JSON columns (independent of the API's shapes).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TunnelSpec))]
[JsonSerializable(typeof(TlsSessionSpec))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<LinkFact>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
