using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Kme.Pool;

/// <summary>Key material taken from the pool, with the stream ranges it came from (what the peer is told).</summary>
public sealed record TakenKey(IReadOnlyList<KeyRange> Ranges, SecretBytes Material);
