namespace QuantumAgents.Kme.Pool;

/// <summary>Either the keys taken, or the ranges that made the request impossible.</summary>
public sealed record TakeResult(IReadOnlyList<TakenKey>? Taken, IReadOnlyList<KeyRange> Missing);
