namespace QuantumAgents.Core.Etsi014;

/// <summary>No answer from the KME: refused, timed out, TLS failure or a reply that is not ETSI 014.</summary>
public sealed class KmeUnreachableException(Uri kme, string reason, Exception? inner = null)
    : Exception($"KME {kme} unreachable: {reason}", inner)
{
    public Uri Kme { get; } = kme;
}
