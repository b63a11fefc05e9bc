using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Kme.Store;

/// <summary>Persisted pool material of one owner, merged into one contiguous segment, as loaded at start-up.</summary>
public sealed record StoredSegment(long Start, string Owner, SecretBytes Material) : IDisposable
{
    public void Dispose() => Material.Dispose();
}
