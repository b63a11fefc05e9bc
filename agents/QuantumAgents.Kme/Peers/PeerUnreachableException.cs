namespace QuantumAgents.Kme.Peers;

/// <summary>No usable answer from the peer KME (down, timed out, TLS failure, server error).</summary>
public sealed class PeerUnreachableException(string peer, string reason, Exception? inner = null)
    : Exception($"peer KME {peer} unreachable: {reason}", inner);
