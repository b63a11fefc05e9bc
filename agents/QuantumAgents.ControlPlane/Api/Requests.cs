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
    public int? MaxConnections { get; set; }
    public int? ConnectionsPerSecond { get; set; }
}

/// <summary><c>PUT /api/v1/tenants/{name}/quota</c>: absent or null is no limit.</summary>
public sealed class QuotaRequest
{
    public long? BitsPerSecond { get; set; }
    public long? BitsPerDay { get; set; }
}

/// <summary><c>POST /api/v1/tenants</c>.</summary>
public sealed class TenantRequest
{
    public string? Name { get; set; }
}
