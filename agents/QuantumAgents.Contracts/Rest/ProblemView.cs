namespace QuantumAgents.Contracts;

/// <summary>RFC 9457 problem details: every error of the control plane, as a client reads it.</summary>
public sealed record ProblemView(string? Title, int? Status, string? Detail);
