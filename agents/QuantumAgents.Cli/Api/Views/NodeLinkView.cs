namespace QuantumAgents.Cli.Api;

/// <summary>A QKD link of a node: its key level as the node's agents last saw it, and its key budget.</summary>
public sealed record NodeLinkView(
    string Peer, long? StoredKeyCount, long? MaxKeyCount, double? ProducedBitsPerSecond = null, double CommittedBitsPerSecond = 0,
    double? DrawnBitsPerSecond = null, long? PoolBits = null, double? SecondsUntilEmpty = null);
