using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Sources;

namespace QuantumAgents.Kme.Links;

/// <summary>One QKD link of this node: its shared pool, its key source and the channel to the peer KME.</summary>
public sealed class QkdLink : IDisposable
{
    private long _producedBytes;
    private long _discardedBytes;
    private long _forwardedBytes;

    public QkdLink(string localNode, string peerNode, QkdLinkOptions options, IKeySource source, PeerClient peer)
    {
        PeerNode = peerNode;
        Options = options;
        Source = source;
        Peer = peer;
        Assignments = new AssignBatcher(peer);
        Name = string.CompareOrdinal(localNode, peerNode) < 0 ? $"{localNode}-{peerNode}" : $"{peerNode}-{localNode}";
        Side = string.CompareOrdinal(localNode, peerNode) < 0 ? PoolSide.Low : PoolSide.High;
    }

    /// <summary>The link's name, the same on both KMEs (nodes in ordinal order), e.g. <c>cait-ccs</c>.</summary>
    public string Name { get; }
    public string PeerNode { get; }
    public QkdLinkOptions Options { get; }
    public IKeySource Source { get; }
    public PeerClient Peer { get; }

    /// <summary>The master side's channel for telling the peer which ranges became which keys.</summary>
    public AssignBatcher Assignments { get; }
    public PoolSide Side { get; }
    public KeyPool Pool { get; } = new();

    /// <summary>The end of the key stream seen so far: the next block starts here, earlier offsets are refused.</summary>
    public long StreamEnd { get; set; }

    /// <summary>Serialises block production and reception, so stream offsets only grow.</summary>
    public SemaphoreSlim BlockGate { get; } = new(1, 1);

    public long ProducedBytes => Interlocked.Read(ref _producedBytes);
    public long DiscardedBytes => Interlocked.Read(ref _discardedBytes);

    public void CountProduced(long bytes) => Interlocked.Add(ref _producedBytes, bytes);
    public void CountDiscarded(long bytes) => Interlocked.Add(ref _discardedBytes, bytes);

    /// <summary>Key material this KME took from the link for trusted-node forwarding (pads and MAC keys).</summary>
    public long ForwardedBytes => Interlocked.Read(ref _forwardedBytes);

    public void CountForwarded(long bytes) => Interlocked.Add(ref _forwardedBytes, bytes);

    public void Dispose()
    {
        Assignments.Dispose();
        Source.Dispose();
        Peer.Dispose();
        BlockGate.Dispose();
    }
}
