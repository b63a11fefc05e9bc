namespace QuantumAgents.Cli.Api;

/// <summary>A QKD link of a node and its key level, as the node's agents last saw it.</summary>
public sealed record NodeLinkView(string Peer, long? StoredKeyCount, long? MaxKeyCount);
