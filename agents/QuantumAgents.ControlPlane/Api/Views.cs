using System.Text.Json;

namespace QuantumAgents.ControlPlane.Api;

// Response bodies.

public sealed record SideView(string Node, string Role, string State, string? Reason, bool AgentHealthy, string? KeyId, JsonElement? Details, DateTimeOffset? UpdatedAt);

public sealed record TunnelView(
    string Id, string Tenant, string State, string? Reason, string A, string B, IReadOnlyList<string> ASubnets, IReadOnlyList<string> BSubnets,
    string Auth, int RekeySeconds, DateTimeOffset CreatedAt, IReadOnlyList<SideView> Sides);

public sealed record TlsSessionView(
    string Id, string Tenant, string State, string? Reason, string ClientNode, string ServerNode, int Listen, string Target, int MaxConnections,
    DateTimeOffset CreatedAt, IReadOnlyList<SideView> Sides);

public sealed record TunnelList(IReadOnlyList<TunnelView> Tunnels);

public sealed record TlsSessionList(IReadOnlyList<TlsSessionView> Sessions);

/// <param name="Health">"ok", the last health-test failure, or "not tested" for the simulated source.</param>
public sealed record EntropySourceView(string Description, bool Quantum, string Health);

public sealed record AgentView(string Kind, string Version, DateTimeOffset LastHeartbeat, bool Healthy, IReadOnlyDictionary<string, string> Facts);

public sealed record NodeLinkView(string Peer, long? StoredKeyCount, long? MaxKeyCount);

public sealed record NodeView(string Name, string Address, IReadOnlyList<NodeLinkView> Links, IReadOnlyList<AgentView> Agents);

public sealed record NodesView(EntropySourceView EntropySource, IReadOnlyList<NodeView> Nodes);

public sealed record EntropyView(int Bytes, string Format, string Data, string Source, bool Quantum);

public sealed record TenantUsageView(
    string Tenant, long TunnelsCreated, long SessionsCreated, long TunnelSeconds, long SessionSeconds, long EntropyBytes, long EntropyRequests);

public sealed record UsageView(IReadOnlyList<TenantUsageView> Tenants);

public sealed record TenantView(string Name, DateTimeOffset CreatedAt, IReadOnlyList<string> TokenIds);

public sealed record TenantList(IReadOnlyList<TenantView> Tenants);

/// <summary>A new token: shown this once, stored only hashed.</summary>
public sealed record TokenView(string Tenant, string TokenId, string Token);
