using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Sources;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Links;

/// <summary>The receiving side of a link: accepts the producer's blocks, in stream order, once each.</summary>
public sealed class BlockReceiver(KmeStore store)
{
    /// <summary>Adds the block to the pool, or throws <see cref="PeerRefusedException"/> saying why not.</summary>
    public async Task ReceiveAsync(QkdLink link, BlockMessage block, CancellationToken cancellationToken)
    {
        if (link.Options.Source.Producer)
        {
            block.Material?.Dispose();
            throw new PeerRefusedException(link.PeerNode, $"both KMEs of link {link.Name} are configured as producer", []);
        }
        await link.BlockGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (block.Offset < link.StreamEnd || block.Length <= 0)
            {
                block.Material?.Dispose();
                throw new PeerRefusedException(link.PeerNode, $"block at {block.Offset} is before the stream end {link.StreamEnd} (replayed or reordered)", []);
            }
            if (block.Owner is not { } owner || link.PoolOwnedBy(owner) is not { } pool)
            {
                block.Material?.Dispose();
                throw new PeerRefusedException(link.PeerNode,
                    $"block at {block.Offset} names no owner of link {link.Name} ('{block.Owner}'); both KMEs of a link must run a version with block ownership", []);
            }
            var material = await link.Source.ReceiveAsync(block, cancellationToken).ConfigureAwait(false);
            try
            {
                var end = block.Offset + material.Length;
                await store.WriteAsync(t =>
                {
                    t.InsertPoolBlock(link.Name, block.Offset, owner, material.AsReadOnlySpan());
                    t.SetStreamEnd(link.Name, end);
                    return 0;
                }).ConfigureAwait(false);
                pool.Add(block.Offset, material);
                link.StreamEnd = end;
                link.CountProduced(material.Length);
            }
            catch
            {
                material.Dispose();
                throw;
            }
        }
        finally
        {
            link.BlockGate.Release();
        }
    }
}
