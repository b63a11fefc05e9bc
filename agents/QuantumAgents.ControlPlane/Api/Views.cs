using System.Text.Json;

namespace QuantumAgents.ControlPlane.Api;

// Response bodies.

public sealed record SideView(string Node, string Role, string State, string? Reason, bool AgentHealthy, string? KeyId, JsonElement? Details, DateTimeOffset? UpdatedAt);

public sealed record TunnelView(
    string Id, string Tenant, string State, string? Reason, string A, string B, IReadOnlyList<string> ASubnets, IReadOnlyList<string> BSubnets,
    string Auth, int RekeySeconds, DateTimeOffset CreatedAt, IReadOnlyList<SideView> Sides);

public sealed record TlsSessionView(
    string Id, string Tenant, string State, string? Reason, string ClientNode, string ServerNode, int Listen, string Target, int MaxConnections,
    int ConnectionsPerSecond, DateTimeOffset CreatedAt, IReadOnlyList<SideView> Sides);

public sealed record TunnelList(IReadOnlyList<TunnelView> Tunnels);

public sealed record TlsSessionList(IReadOnlyList<TlsSessionView> Sessions);

/// <param name="Health">"ok", the last health-test failure, or "not tested" for the simulated source.</param>
public sealed record EntropySourceView(string Description, bool Quantum, string Health);

public sealed record AgentView(string Kind, string Version, DateTimeOffset LastHeartbeat, bool Healthy, IReadOnlyDictionary<string, string> Facts);

/// <summary>
/// A QKD link of a node: the ETSI 014 levels, and its key budget. <c>produced</c> is the link's
/// nominal rate, <c>committed</c> what admitted services may draw, <c>drawn</c> what the node's
/// KME measured between its last two reads; <c>seconds_until_empty</c> is null while the pool
/// is not shrinking; <c>produced_bits</c> and <c>drawn_bits</c> are the KME's own counters at
/// <c>read_at</c>. Null where the KME has not said (yet).
/// </summary>
public sealed record NodeLinkView(
    string Peer, long? StoredKeyCount, long? MaxKeyCount, double? ProducedBitsPerSecond, double CommittedBitsPerSecond, double? DrawnBitsPerSecond,
    long? PoolBits, double? SecondsUntilEmpty, long? ProducedBits, long? DrawnBits, DateTimeOffset? ReadAt);

public sealed record NodeView(string Name, string Address, IReadOnlyList<NodeLinkView> Links, IReadOnlyList<AgentView> Agents);

public sealed record NodesView(EntropySourceView EntropySource, IReadOnlyList<NodeView> Nodes);

public sealed record EntropyView(int Bytes, string Format, string Data, string Source, bool Quantum);

/// <param name="QkdBits">QKD key the tenant's services drew over their lifetime, by budget (live ones up to now).</param>
/// <param name="QkdBitsToday">The same, for the current UTC day.</param>
/// <param name="QkdCommittedBitsPerSecond">The sustained draw of the tenant's services now.</param>
public sealed record TenantUsageView(
    string Tenant, long TunnelsCreated, long SessionsCreated, long TunnelSeconds, long SessionSeconds, long EntropyBytes, long EntropyRequests,
    long QkdBits, long QkdBitsToday, double QkdCommittedBitsPerSecond, QuotaView Quota);

/// <summary>A tenant's QKD quota; null is no limit.</summary>
public sealed record QuotaView(long? BitsPerSecond, long? BitsPerDay);

public sealed record UsageView(IReadOnlyList<TenantUsageView> Tenants);

public sealed record TenantView(string Name, DateTimeOffset CreatedAt, IReadOnlyList<string> TokenIds, QuotaView Quota);

public sealed record TenantList(IReadOnlyList<TenantView> Tenants);

/// <summary>A new token: shown this once, stored only hashed.</summary>
public sealed record TokenView(string Tenant, string TokenId, string Token);
