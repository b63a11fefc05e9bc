using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Tests.Store;

namespace QuantumAgents.Kme.Tests.Links;

/// <summary>
/// A link taking the ranges its peer named: only from the blocks the peer owns, all or nothing,
/// and a refusal burns every range named, in memory and in the store. On the producer's side the peer holds a block before
/// the producer does (it stores it, then answers), so a peer's message may draw on a block still
/// in flight here. No peer KME runs: the link's peer channel is never used.
/// </summary>
public sealed class QkdLinkPeerNamedTakeTests : IAsyncLifetime, IDisposable
{
    private static readonly KeyRange InFlight = new(4096, 64);

    private readonly TestLinks _links = new();
    private readonly TempStore _store = new();

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task A_range_in_the_block_still_in_flight_is_taken_once_that_block_is_added()
    {
        var link = Link(producer: true);
        link.PeerOwned.Add(0, SecretBytes.Random(4096));
        var block = SecretBytes.Random(4096);
        var expected = block.AsReadOnlySpan().Slice(0, InFlight.Length).ToArray();
        await link.BlockGate.WaitAsync(); // as LinkProducer does while a block is on its way
        link.StreamEnd = 8192;

        var taking = link.TakeNamedByPeerAsync([[InFlight]], _store.Store, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(taking.IsCompleted, "took (or refused) before the block in flight was settled");
        link.PeerOwned.Add(4096, block);
        link.BlockGate.Release();

        var result = await taking.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(result.Missing);
        Assert.Equal(expected, Assert.Single(result.Taken!).Material.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public async Task A_range_of_a_block_that_never_arrived_is_refused_once_the_send_is_over()
    {
        var link = Link(producer: true);
        link.PeerOwned.Add(0, SecretBytes.Random(4096));
        await link.BlockGate.WaitAsync();
        link.StreamEnd = 8192;

        var taking = link.TakeNamedByPeerAsync([[InFlight]], _store.Store, CancellationToken.None);
        link.BlockGate.Release(); // the send failed: the block was not added

        var result = await taking.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(result.Taken);
        Assert.Equal([InFlight], result.Missing);
        Assert.Equal(4096, link.PeerOwned.AvailableBytes);
    }

    [Theory]
    [InlineData(false, 8192)] // the receiving side adds a block before it answers: nothing can be in flight
    [InlineData(true, 4096)] // beyond the stream produced so far: no block will bring it
    public async Task A_range_no_block_in_flight_can_bring_is_refused_at_once(bool producer, long streamEnd)
    {
        var link = Link(producer);
        link.PeerOwned.Add(0, SecretBytes.Random(4096));
        await link.BlockGate.WaitAsync(); // a block on its way, which must not be waited for
        link.StreamEnd = streamEnd;

        var taking = link.TakeNamedByPeerAsync([[InFlight]], _store.Store, CancellationToken.None);
        // Had it waited for the block on its way, it would find the range once the block is in.
        link.PeerOwned.Add(4096, SecretBytes.Random(4096));
        link.BlockGate.Release();

        var result = await taking.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(result.Taken);
        Assert.Equal([InFlight], result.Missing);
    }

    [Fact]
    public async Task A_refusal_burns_every_range_named_also_those_held_in_memory_and_in_the_store()
    {
        var link = Link(producer: false);
        await AddPeerBlockAsync(link, 0, 4096);
        link.StreamEnd = 4096;
        KeyRange held = new(0, 64);
        KeyRange missing = new(8192, 64);

        var result = await link.TakeNamedByPeerAsync([[held], [missing]], _store.Store, CancellationToken.None);

        Assert.Null(result.Taken);
        Assert.Equal([missing], result.Missing);
        // The peer used the held range too: it must never serve anything here, nor after a restart
        // (a refused message replayed then would find the key it was sealed with).
        Assert.Equal([new KeyRange(64, 4096 - 64)], link.PeerOwned.Ranges());
        Assert.Equal(64, link.DiscardedBytes);
        Assert.DoesNotContain(_store.PoolRows(link.Name), row => row.Start < 64);
        Assert.Equal(4096 - 64, _store.PoolRows(link.Name).Sum(row => row.Length));
    }

    [Fact]
    public async Task Ranges_of_a_block_this_KME_owns_are_never_taken_for_the_peer_and_are_burned()
    {
        var link = Link(producer: false);
        link.Own.Add(0, SecretBytes.Random(4096));
        link.PeerOwned.Add(4096, SecretBytes.Random(4096));
        link.StreamEnd = 8192;

        var result = await link.TakeNamedByPeerAsync([[new KeyRange(0, 32)]], _store.Store, CancellationToken.None);

        Assert.Null(result.Taken);
        Assert.Equal([new KeyRange(32, 4096 - 32)], link.Own.Ranges());
        Assert.Equal(4096, link.PeerOwned.AvailableBytes);
    }

    [Fact]
    public void The_next_block_goes_to_the_end_that_holds_less_key_of_its_own()
    {
        var link = Link(producer: true);
        Assert.Equal("cait", link.NextBlockOwner()); // a tie: the producer
        link.Own.Add(0, SecretBytes.Random(4096));
        Assert.Equal("ccs", link.NextBlockOwner());
        link.PeerOwned.Add(4096, SecretBytes.Random(8192));
        Assert.Equal("cait", link.NextBlockOwner());
        Assert.Same(link.Own, link.PoolOwnedBy("cait"));
        Assert.Same(link.PeerOwned, link.PoolOwnedBy("ccs"));
        Assert.Null(link.PoolOwnedBy("rectorado"));
    }

    private QkdLink Link(bool producer) => _links.Create(producer);

    private async Task AddPeerBlockAsync(QkdLink link, long start, int length)
    {
        var material = SecretBytes.Random(length);
        await _store.Write(t => t.InsertPoolBlock(link.Name, start, link.PeerNode, material.AsReadOnlySpan()));
        link.PeerOwned.Add(start, material);
    }

    public void Dispose() => _links.Dispose();
}
