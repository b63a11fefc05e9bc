namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>What charon has of ours right now, by tunnel id (other names already filtered out).</summary>
/// <param name="Connections">Tunnels whose connection is loaded.</param>
/// <param name="SharedKeys">Tunnels whose key is loaded.</param>
/// <param name="Established">Tunnels with an established IKE_SA and an installed CHILD_SA.</param>
public sealed record CharonSnapshot(IReadOnlySet<string> Connections, IReadOnlySet<string> SharedKeys, IReadOnlySet<string> Established)
{
    public static CharonSnapshot Empty { get; } = new(new HashSet<string>(), new HashSet<string>(), new HashSet<string>());

    /// <summary>Both halves loaded: the connection and its key.</summary>
    public bool IsLoaded(string tunnelId) => Connections.Contains(tunnelId) && SharedKeys.Contains(tunnelId);

    /// <summary>Any trace of the tunnel.</summary>
    public bool HasAny(string tunnelId) => Connections.Contains(tunnelId) || SharedKeys.Contains(tunnelId) || Established.Contains(tunnelId);

    public IEnumerable<string> AllTunnels => Connections.Concat(SharedKeys).Concat(Established).Distinct(StringComparer.Ordinal);
}
