namespace QuantumAgents.Core.Tests.Storage;

/// <summary>A write's result that counts how often it was disposed.</summary>
public sealed class DisposalProbe : IDisposable
{
    public int Disposals { get; private set; }

    public void Dispose() => Disposals++;
}
