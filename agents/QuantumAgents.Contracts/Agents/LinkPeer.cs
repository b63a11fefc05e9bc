namespace QuantumAgents.Contracts;

/// <summary>
/// A QKD link of the agent's node, as its work names it: the peer node, and the SAE of the
/// agent's kind there, whose ETSI 014 <c>status</c> at our KME gives the link's key level.
/// </summary>
public sealed record LinkPeer(string Peer, string Sae);
