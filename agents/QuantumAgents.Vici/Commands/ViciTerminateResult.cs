namespace QuantumAgents.Vici.Commands;

/// <summary>How many SAs matched a <c>terminate</c>, and how many of those were torn down.</summary>
public sealed record ViciTerminateResult(long Matches, long Terminated);
