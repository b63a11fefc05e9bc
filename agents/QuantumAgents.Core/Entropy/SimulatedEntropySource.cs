using System.Security.Cryptography;

namespace QuantumAgents.Core.Entropy;

/// <summary>The operating system's CSPRNG, for machines without a QRNG. Not quantum, and says so.</summary>
public sealed class SimulatedEntropySource : IEntropySource
{
    public string Description => "simulated (OS CSPRNG, not quantum)";

    public bool IsQuantum => false;

    public ValueTask FillAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        RandomNumberGenerator.Fill(destination.Span);
        return ValueTask.CompletedTask;
    }
}
