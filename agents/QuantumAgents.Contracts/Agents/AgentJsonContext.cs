using System.Text.Json.Serialization;

namespace QuantumAgents.Contracts;

/// <summary>The agent API's bodies as agents read and write them (snake_case, source-generated for NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkView))]
[JsonSerializable(typeof(AgentStatusRequest))]
[JsonSerializable(typeof(StatusAccepted))]
public sealed partial class AgentJsonContext : JsonSerializerContext;
