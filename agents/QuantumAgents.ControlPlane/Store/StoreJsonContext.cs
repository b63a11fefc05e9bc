using System.Text.Json.Serialization;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Store;

/// <summary>How agents' facts are kept in the database's JSON columns (independent of the API's shapes); each kind keeps its spec its own way.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<LinkFact>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
