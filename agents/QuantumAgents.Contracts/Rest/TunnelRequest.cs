namespace QuantumAgents.Contracts;

// Request bodies are settable with nullable properties: a missing field is told apart from a
// default, and the control plane's validators name it; a client leaves out what it does not set.

/// <summary><c>POST /api/v1/ipsec/tunnels</c>; null fields take the control plane's defaults.</summary>
public sealed class TunnelRequest
{
    public string? A { get; set; }
    public string? B { get; set; }
    public List<string>? ASubnets { get; set; }
    public List<string>? BSubnets { get; set; }
    public string? Auth { get; set; }
    public int? RekeySeconds { get; set; }
}
