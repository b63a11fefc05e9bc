using System.Text.Json.Serialization;

namespace QuantumAgents.Contracts;

/// <summary>The agents a node runs; on the wire and in the agent API's paths as <see cref="AgentKinds.Name"/>.</summary>
[JsonConverter(typeof(AgentKindConverter))]
public enum AgentKind
{
    Ipsec,
    Tls,
    Qrng,
}
