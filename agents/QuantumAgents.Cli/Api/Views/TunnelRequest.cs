namespace QuantumAgents.Cli.Api;

/// <summary>The body of <c>POST /api/v1/ipsec/tunnels</c>; null fields take the control plane's defaults.</summary>
public sealed record TunnelRequest(string A, string B, IReadOnlyList<string> ASubnets, IReadOnlyList<string> BSubnets, string? Auth, int? RekeySeconds = null);
