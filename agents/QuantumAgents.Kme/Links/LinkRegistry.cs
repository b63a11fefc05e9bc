using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Sources;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Links;

/// <summary>This node's QKD links by peer node, with their pools loaded from the store.</summary>
public sealed class LinkRegistry : IDisposable
{
    private readonly Dictionary<string, QkdLink> _byPeer;

    private LinkRegistry(Dictionary<string, QkdLink> byPeer) => _byPeer = byPeer;

    /// <summary>Links made by the caller (a test's own key source), not loaded from a configuration.</summary>
    internal LinkRegistry(params QkdLink[] links) => _byPeer = links.ToDictionary(l => l.PeerNode, StringComparer.Ordinal);

    public IEnumerable<QkdLink> All => _byPeer.Values;

    public QkdLink? ByPeer(string node) => _byPeer.GetValueOrDefault(node);

    public static async Task<LinkRegistry> LoadAsync(KmeOptions options, KmeStore store)
    {
        var links = new Dictionary<string, QkdLink>(StringComparer.Ordinal);
        foreach (var (peer, linkOptions) in options.Links)
        {
            var link = new QkdLink(options.Node, peer, linkOptions, KeySources.Create(linkOptions.Source), new PeerClient(peer, linkOptions, options.Tls));
            foreach (var segment in await store.LoadPoolAsync(link.Name).ConfigureAwait(false))
            {
                if (link.PoolOwnedBy(segment.Owner) is { } pool)
                {
                    pool.Add(segment.Start, segment.Material);
                }
                else
                {
                    // An owner that is neither end of the link was not written by this KME: nobody may use these bytes.
                    segment.Dispose();
                }
            }
            link.StreamEnd = await store.LoadStreamEndAsync(link.Name).ConfigureAwait(false);
            link.ReservedTo = await store.LoadReservedToAsync(link.Name).ConfigureAwait(false);
            await OwnKeyDraw.BurnBelowMarkAsync(link, store).ConfigureAwait(false);
            links[peer] = link;
        }
        return new LinkRegistry(links);
    }

    public void Dispose()
    {
        foreach (var link in _byPeer.Values)
        {
            link.Dispose();
        }
    }
}
