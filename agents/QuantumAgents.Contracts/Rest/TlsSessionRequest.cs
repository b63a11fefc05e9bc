namespace QuantumAgents.Contracts;

/// <summary><c>POST /api/v1/tls/sessions</c>; null fields take the control plane's defaults.</summary>
public sealed class TlsSessionRequest
{
    public string? ClientNode { get; set; }
    public string? ServerNode { get; set; }
    public int? Listen { get; set; }
    public string? Target { get; set; }
    public int? MaxConnections { get; set; }
    public int? ConnectionsPerSecond { get; set; }
}
