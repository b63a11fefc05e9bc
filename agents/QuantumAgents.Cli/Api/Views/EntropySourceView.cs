namespace QuantumAgents.Cli.Api;

/// <summary>Where the control plane's entropy comes from, and whether it is quantum.</summary>
public sealed record EntropySourceView(string Description, bool Quantum, string Health);
