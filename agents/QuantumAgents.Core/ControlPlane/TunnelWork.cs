namespace QuantumAgents.Core.ControlPlane;

/// <summary>One tunnel as one node's IPsec agent should have it.</summary>
public sealed record TunnelWork(
    string Id, string Role, string LocalNode, string RemoteNode, string RemoteAddress, IReadOnlyList<string> LocalSubnets,
    IReadOnlyList<string> RemoteSubnets, string Auth, int RekeySeconds, string LocalSae, string RemoteSae, string? KeyId);
