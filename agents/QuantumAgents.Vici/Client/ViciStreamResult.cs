using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Client;

/// <summary>A streamed command's events (in arrival order) and its closing response.</summary>
public sealed record ViciStreamResult(IReadOnlyList<ViciSection> Events, ViciSection Response);
