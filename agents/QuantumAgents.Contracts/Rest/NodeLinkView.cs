namespace QuantumAgents.Contracts;

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
