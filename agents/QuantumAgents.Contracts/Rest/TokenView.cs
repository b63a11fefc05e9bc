namespace QuantumAgents.Contracts;

/// <summary>A new token: shown this once, stored only hashed.</summary>
public sealed record TokenView(string Tenant, string TokenId, string Token);
