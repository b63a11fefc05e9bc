namespace QuantumAgents.Cli.Api;

/// <summary>The body of <c>POST /api/v1/tls/sessions</c>; a null rate is the control plane's default.</summary>
public sealed record TlsSessionRequest(string ClientNode, string ServerNode, int Listen, string Target, int? ConnectionsPerSecond = null);
