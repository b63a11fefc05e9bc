namespace QuantumAgents.Contracts;

/// <summary><c>PUT /api/v1/agents/{node}/{kind}/status</c>: the agent, and every resource it has now.</summary>
public sealed class AgentStatusRequest
{
    public string? Version { get; set; }
    public Dictionary<string, string>? Facts { get; set; }
    public List<LinkFact>? Links { get; set; }
    public List<ResourceStatusRequest>? Resources { get; set; }
}
