using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Peers;

namespace QuantumAgents.Kme.Sources;

/// <summary>
/// Where a QKD link's key material comes from: the seam where real QKD devices plug in. The
/// producing KME draws a block and sends the peer a <see cref="BlockMessage"/>; the peer turns
/// that message into the identical material. A key-file drop directory would be a third
/// implementation (the producer names a file, the peer reads its twin).
/// </summary>
public interface IKeySource : IDisposable
{
    /// <summary>Said in logs and status, e.g. "simulated (not quantum)".</summary>
    string Description { get; }

    /// <summary>Producer side: up to <paramref name="bytes"/> fresh bytes at stream <paramref name="offset"/>.</summary>
    Task<ProducedBlock> ProduceAsync(long offset, int bytes, CancellationToken cancellationToken);

    /// <summary>Receiving side: the material the producer's block describes (owned by the caller).</summary>
    Task<SecretBytes> ReceiveAsync(BlockMessage block, CancellationToken cancellationToken);
}

/// <summary>Fresh material (owned by the caller) and the message that lets the peer obtain the same.</summary>
public sealed record ProducedBlock(SecretBytes Material, BlockMessage Message);
