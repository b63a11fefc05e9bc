namespace QuantumAgents.Contracts;

/// <summary>The answer to a status report: the agent's current revision, and ids it reported that the control plane does not know.</summary>
public sealed record StatusAccepted(long Revision, IReadOnlyList<string> UnknownResources);
