using System.Text.Json;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

// Request bodies. Properties are nullable and settable: a missing field is told apart from a
// default, and the validators name it.

/// <summary><c>POST /api/v1/ipsec/tunnels</c>.</summary>
public sealed class TunnelRequest
{
    public string? A { get; set; }
    public string? B { get; set; }
    public List<string>? ASubnets { get; set; }
    public List<string>? BSubnets { get; set; }
    public string? Auth { get; set; }
    public int? RekeySeconds { get; set; }
}

/// <summary><c>POST /api/v1/tls/sessions</c>.</summary>
public sealed class TlsSessionRequest
{
    public string? ClientNode { get; set; }
    public string? ServerNode { get; set; }
    public int? Listen { get; set; }
    public string? Target { get; set; }
}

/// <summary><c>POST /api/v1/tenants</c>.</summary>
public sealed class TenantRequest
{
    public string? Name { get; set; }
}

/// <summary><c>PUT /api/v1/agents/{node}/{kind}/status</c>: the agent, and every resource it has now.</summary>
public sealed class AgentStatusRequest
{
    public string? Version { get; set; }
    public Dictionary<string, string>? Facts { get; set; }
    public List<LinkFact>? Links { get; set; }
    public List<ResourceStatusRequest>? Resources { get; set; }
}

/// <summary>One resource in an agent's status.</summary>
public sealed class ResourceStatusRequest
{
    public string? Id { get; set; }
    public string? State { get; set; }
    public string? Reason { get; set; }

    /// <summary>The ETSI 014 key_ID an initiator took (never the key).</summary>
    public string? KeyId { get; set; }

    /// <summary>Anything the agent wants shown (SPIs, counters); kept as given.</summary>
    public JsonElement? Details { get; set; }
}
