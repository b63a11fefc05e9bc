namespace QuantumAgents.Contracts;

/// <summary>An IPsec tunnel as the control plane shows it.</summary>
public sealed record TunnelView(
    string Id, string Tenant, ResourceState State, string? Reason, string A, string B, IReadOnlyList<string> ASubnets, IReadOnlyList<string> BSubnets,
    string Auth, int RekeySeconds, DateTimeOffset CreatedAt, IReadOnlyList<SideView> Sides);
