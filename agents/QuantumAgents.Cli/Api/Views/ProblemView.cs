namespace QuantumAgents.Cli.Api;

/// <summary>RFC 9457 problem details: every error of the control plane.</summary>
public sealed record ProblemView(string? Title, int? Status, string? Detail);
