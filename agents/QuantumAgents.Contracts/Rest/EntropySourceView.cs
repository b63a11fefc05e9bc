namespace QuantumAgents.Contracts;

/// <summary>Where the control plane's entropy comes from, and whether it is quantum.</summary>
/// <param name="Health">"ok", the last health-test failure, or "not tested" for the simulated source.</param>
public sealed record EntropySourceView(string Description, bool Quantum, string Health);
