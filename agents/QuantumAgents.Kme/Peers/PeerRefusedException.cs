using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Peers;

/// <summary>
/// The peer KME answered but said no: it does not hold the ranges we chose, the message failed
/// its checks, or (<see cref="OutOfKey"/>) a later hop lacks key material.
/// </summary>
public sealed class PeerRefusedException(string peer, string message, IReadOnlyList<KeyRange> unavailable, bool outOfKey = false)
    : Exception($"peer KME {peer} refused: {message}")
{
    public IReadOnlyList<KeyRange> Unavailable { get; } = unavailable;

    public string Reason { get; } = message;

    public bool OutOfKey { get; } = outOfKey;
}
