using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Peers;

/// <summary>The peer KME answered but said no (e.g. it does not hold the ranges we chose).</summary>
public sealed class PeerRefusedException(string peer, string message, IReadOnlyList<KeyRange> unavailable)
    : Exception($"peer KME {peer} refused: {message}")
{
    public IReadOnlyList<KeyRange> Unavailable { get; } = unavailable;
}
