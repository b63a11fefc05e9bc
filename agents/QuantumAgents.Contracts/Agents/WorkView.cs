namespace QuantumAgents.Contracts;

/// <summary>An agent's whole work at a revision: only the list of its kind is present.</summary>
public sealed record WorkView(long Revision, string Node, AgentKind Kind, IReadOnlyList<TunnelWork>? Tunnels, IReadOnlyList<TlsSessionWork>? Sessions)
{
    /// <summary>The node's QKD links, whose key levels a KME-using agent reports (Core's <c>KmeLinkLevels</c>).</summary>
    public IReadOnlyList<LinkPeer> Links { get; init; } = [];
}
