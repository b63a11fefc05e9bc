using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Peers;

namespace QuantumAgents.Kme.Sources;

/// <summary>
/// A stand-in for a pair of QKD devices: the producer draws blocks from the OS CSPRNG and the
/// block itself travels to the peer KME over the authenticated KME-to-KME channel. Real key
/// distribution never sends key material this way; this source is not quantum and says so.
/// </summary>
public sealed class SimulatedKeySource : IKeySource
{
    public string Description => "simulated (OS CSPRNG, not quantum)";

    public Task<ProducedBlock> ProduceAsync(long offset, int bytes, CancellationToken cancellationToken)
    {
        var material = SecretBytes.Random(bytes);
        var message = new BlockMessage { Offset = offset, Length = bytes, Material = material };
        return Task.FromResult(new ProducedBlock(material, message));
    }

    public Task<SecretBytes> ReceiveAsync(BlockMessage block, CancellationToken cancellationToken)
    {
        if (block.Material is not { } material || material.Length != block.Length)
        {
            block.Material?.Dispose();
            throw new KeySourceException($"block at {block.Offset} does not carry {block.Length} bytes of material");
        }
        return Task.FromResult(material);
    }

    public void Dispose()
    {
    }
}
