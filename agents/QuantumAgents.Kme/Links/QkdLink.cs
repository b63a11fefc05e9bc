using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Sources;

namespace QuantumAgents.Kme.Links;

/// <summary>One QKD link of this node: its shared pool, its key source and the channel to the peer KME.</summary>
public sealed class QkdLink : IDisposable
{
    // How long a peer's message may wait for the block it draws on to be added here: as long as
    // a block send may take (PeerClient's timeout); past that the message is refused as before.
    private static readonly TimeSpan InFlightBlockWait = TimeSpan.FromSeconds(5);

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

    /// <summary>
    /// Takes exactly the ranges the peer chose (<see cref="KeyPool.TryTakeExact"/>). A receiver
    /// holds a block once it has stored it, its producer only once the answer is back and its own
    /// write is done; the receiver takes its keys from the newest end of the pool. So on the
    /// producing side, a missing range inside the stream already sent may be in the block still
    /// in flight: then this waits for that block and looks once more.
    /// </summary>
    public async Task<TakeResult> TakeExactAsync(IReadOnlyList<IReadOnlyList<KeyRange>> keys, CancellationToken cancellationToken)
    {
        var result = Pool.TryTakeExact(keys);
        if (result.Taken is not null || !Options.Source.Producer || !result.Missing.Any(r => r.End <= StreamEnd))
        {
            return result;
        }
        if (!await BlockGate.WaitAsync(InFlightBlockWait, cancellationToken).ConfigureAwait(false))
        {
            return result;
        }
        BlockGate.Release();
        return Pool.TryTakeExact(keys);
    }

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
