namespace QuantumAgents.Contracts;

/// <summary><c>GET /api/v1/entropy</c> in base64 or hex.</summary>
public sealed record EntropyView(int Bytes, string Format, string Data, string Source, bool Quantum);
