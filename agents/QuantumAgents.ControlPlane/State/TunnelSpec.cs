namespace QuantumAgents.ControlPlane.State;

/// <summary>An IPsec tunnel as the user asked for it. <c>a</c> initiates and is the master SAE.</summary>
public sealed record TunnelSpec(string A, string B, IReadOnlyList<string> ASubnets, IReadOnlyList<string> BSubnets, string Auth, int RekeySeconds);
