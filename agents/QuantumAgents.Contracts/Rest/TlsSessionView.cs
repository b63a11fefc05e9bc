namespace QuantumAgents.Contracts;

/// <summary>A TLS session as the control plane shows it.</summary>
public sealed record TlsSessionView(
    string Id, string Tenant, ResourceState State, string? Reason, string ClientNode, string ServerNode, int Listen, string Target, int MaxConnections,
    int ConnectionsPerSecond, DateTimeOffset CreatedAt, IReadOnlyList<SideView> Sides);
