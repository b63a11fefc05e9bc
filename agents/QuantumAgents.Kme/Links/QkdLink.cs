using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Sources;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Links;

/// <summary>
/// One QKD link of this node: its key stream, its key source and the channel to the peer KME.
/// Every block of the stream has one owner, named by the producer before the block leaves it and
/// stored with the block on both KMEs: only the owner draws on it (keys it issues as master,
/// pads and MAC keys it seals with); the other KME takes its bytes only as the owner names them.
/// So the two KMEs can never both use a byte, whatever the timing.
/// </summary>
public sealed class QkdLink : IDisposable
{
    // How long a peer's message may wait for the block it draws on to be added here: as long as
    // a block send may take (PeerClient's timeout); past that the message is refused as before.
    private static readonly TimeSpan InFlightBlockWait = TimeSpan.FromSeconds(5);

    private long _producedBytes;
    private long _discardedBytes;
    private long _forwardedBytes;
    private long _keyDrawnBytes;
    private long _reservedTo;

    public QkdLink(string localNode, string peerNode, QkdLinkOptions options, IKeySource source, PeerClient peer)
    {
        LocalNode = localNode;
        PeerNode = peerNode;
        Options = options;
        Source = source;
        Peer = peer;
        Assignments = new AssignBatcher(peer);
        Name = string.CompareOrdinal(localNode, peerNode) < 0 ? $"{localNode}-{peerNode}" : $"{peerNode}-{localNode}";
    }

    /// <summary>The link's name, the same on both KMEs (nodes in ordinal order), e.g. <c>cait-ccs</c>.</summary>
    public string Name { get; }
    public string LocalNode { get; }
    public string PeerNode { get; }
    public QkdLinkOptions Options { get; }
    public IKeySource Source { get; }
    public PeerClient Peer { get; }

    /// <summary>The master side's channel for telling the peer which ranges became which keys.</summary>
    public AssignBatcher Assignments { get; }

    /// <summary>Blocks this KME owns: the only key it may draw on of its own accord.</summary>
    public KeyPool Own { get; } = new();

    /// <summary>Blocks the peer owns: taken only as the peer names them (<see cref="TakeNamedByPeerAsync"/>).</summary>
    public KeyPool PeerOwned { get; } = new();

    /// <summary>Every byte of the link held here, whoever owns it: what the pool capacity bounds.</summary>
    public long HeldBytes => Own.AvailableBytes + PeerOwned.AvailableBytes;

    /// <summary>The end of the key stream seen so far: the next block starts here, earlier offsets are refused.</summary>
    public long StreamEnd { get; set; }

    /// <summary>
    /// Every byte this KME owns below this stream offset may have been used: the durable mark
    /// <see cref="OwnKeyDraw"/> keeps ahead of what it draws, and below which a restart burns.
    /// </summary>
    public long ReservedTo
    {
        get => Volatile.Read(ref _reservedTo);
        set => Volatile.Write(ref _reservedTo, value);
    }

    /// <summary>Serialises raising <see cref="ReservedTo"/>.</summary>
    public SemaphoreSlim ReserveGate { get; } = new(1, 1);

    /// <summary>Serialises block production and reception, so stream offsets only grow.</summary>
    public SemaphoreSlim BlockGate { get; } = new(1, 1);

    /// <summary>The pool of the blocks <paramref name="owner"/> owns, or null when it is neither end of this link.</summary>
    public KeyPool? PoolOwnedBy(string owner) => owner == LocalNode ? Own : owner == PeerNode ? PeerOwned : null;

    /// <summary>
    /// The producer's choice of owner for its next block: the end that holds less key of its own,
    /// so key flows to whichever side spends it (a side that spends nothing keeps what it has).
    /// </summary>
    public string NextBlockOwner() => Own.AvailableBytes <= PeerOwned.AvailableBytes ? LocalNode : PeerNode;

    /// <summary>
    /// Takes exactly the ranges the peer named, from the blocks the peer owns. A receiver holds a
    /// block once it has stored it, its producer only once the answer is back and its own write is
    /// done; so on the producing side, a missing range inside the stream already sent may be in
    /// the block still in flight: then this waits for that block and looks once more. A refusal
    /// burns every range named, at this end too (<see cref="BurnAsync"/>): the peer has used them.
    /// </summary>
    public async Task<TakeResult> TakeNamedByPeerAsync(IReadOnlyList<IReadOnlyList<KeyRange>> keys, KmeStore store, CancellationToken cancellationToken)
    {
        var result = PeerOwned.TryTakeExact(keys);
        if (result.Taken is null && Options.Source.Producer && result.Missing.Any(r => r.End <= StreamEnd)
            && await BlockGate.WaitAsync(InFlightBlockWait, cancellationToken).ConfigureAwait(false))
        {
            BlockGate.Release();
            result = PeerOwned.TryTakeExact(keys);
        }
        if (result.Taken is null)
        {
            await BurnAsync(keys.SelectMany(k => k), store).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>
    /// Erases whatever part of these ranges is held here, in either pool: the ranges of a message
    /// refused or failed, which the peer has already used (or, if it named bytes we own, exposed).
    /// First from memory, so nothing here can draw them from then on; then from the store, so a
    /// restart does not bring them back (a refused message replayed then would find its key).
    /// </summary>
    public async Task BurnAsync(IEnumerable<KeyRange> ranges, KmeStore store)
    {
        var valid = ranges.Where(r => r.Start >= 0 && r.Length > 0).ToList();
        CountDiscarded(Own.Discard(valid) + PeerOwned.Discard(valid));
        await store.WriteAsync(t =>
        {
            foreach (var range in valid)
            {
                t.RemovePoolRange(Name, range);
            }
            return 0;
        }).ConfigureAwait(false);
    }

    public long ProducedBytes => Interlocked.Read(ref _producedBytes);
    public long DiscardedBytes => Interlocked.Read(ref _discardedBytes);

    public void CountProduced(long bytes) => Interlocked.Add(ref _producedBytes, bytes);
    public void CountDiscarded(long bytes) => Interlocked.Add(ref _discardedBytes, bytes);

    /// <summary>Key material this KME took from the link for trusted-node forwarding (pads and MAC keys).</summary>
    public long ForwardedBytes => Interlocked.Read(ref _forwardedBytes);

    public void CountForwarded(long bytes) => Interlocked.Add(ref _forwardedBytes, bytes);

    /// <summary>
    /// Key material of the link this KME took out of its pools for a use: the keys it issued as
    /// master (<c>enc_keys</c>, ETSI 004 chunks), counted once the peer holds them too; the keys
    /// the peer issued, taken as the peer named them, counted once stored for the slave SAEs here
    /// (not when <c>dec_keys</c> fetches them: the pool gave them up before); and every pad and MAC
    /// key of <see cref="ForwardedBytes"/>. Key taken but then dropped (the peer refused it, the
    /// store failed) is in <see cref="DiscardedBytes"/> instead. Both KMEs of a link count the same
    /// uses (but for one whose answer was lost on its way), so either one's figure is the link's
    /// consumption.
    /// </summary>
    public long DrawnBytes => Interlocked.Read(ref _keyDrawnBytes) + ForwardedBytes;

    /// <summary>Counts key bytes of <see cref="DrawnBytes"/> (forwarding counts through <see cref="CountForwarded"/>).</summary>
    public void CountKeyDrawn(long bytes) => Interlocked.Add(ref _keyDrawnBytes, bytes);

    public void Dispose()
    {
        Assignments.Dispose();
        Source.Dispose();
        Peer.Dispose();
        BlockGate.Dispose();
        ReserveGate.Dispose();
    }
}
