using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Sources;
using QuantumAgents.Kme.Tests.Security;

namespace QuantumAgents.Kme.Tests.Links;

/// <summary>
/// The producer's side of a link taking the ranges its peer chose: the peer holds a block before
/// the producer does (it stores it, then answers), so a peer's message may draw on a block still
/// in flight here. No peer KME runs: the link's peer channel is never used.
/// </summary>
public sealed class QkdLinkTakeExactTests : IDisposable
{
    private static readonly KeyRange InFlight = new(4096, 64);

    private readonly TestPki _pki = new();
    private readonly List<QkdLink> _links = [];

    [Fact]
    public async Task A_range_in_the_block_still_in_flight_is_taken_once_that_block_is_added()
    {
        var link = Link(producer: true);
        link.Pool.Add(0, SecretBytes.Random(4096));
        var block = SecretBytes.Random(4096);
        var expected = block.AsReadOnlySpan().Slice(0, InFlight.Length).ToArray();
        await link.BlockGate.WaitAsync(); // as LinkProducer does while a block is on its way
        link.StreamEnd = 8192;

        var taking = link.TakeExactAsync([[InFlight]], CancellationToken.None);
        await Task.Delay(100);
        Assert.False(taking.IsCompleted, "took (or refused) before the block in flight was settled");
        link.Pool.Add(4096, block);
        link.BlockGate.Release();

        var result = await taking.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(result.Missing);
        Assert.Equal(expected, Assert.Single(result.Taken!).Material.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public async Task A_range_of_a_block_that_never_arrived_is_refused_once_the_send_is_over()
    {
        var link = Link(producer: true);
        link.Pool.Add(0, SecretBytes.Random(4096));
        await link.BlockGate.WaitAsync();
        link.StreamEnd = 8192;

        var taking = link.TakeExactAsync([[InFlight]], CancellationToken.None);
        link.BlockGate.Release(); // the send failed: the block was not added

        var result = await taking.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(result.Taken);
        Assert.Equal([InFlight], result.Missing);
        Assert.Equal(4096, link.Pool.AvailableBytes);
    }

    [Theory]
    [InlineData(false, 8192)] // the receiving side adds a block before it answers: nothing can be in flight
    [InlineData(true, 4096)] // beyond the stream produced so far: no block will bring it
    public async Task A_range_no_block_in_flight_can_bring_is_refused_at_once(bool producer, long streamEnd)
    {
        var link = Link(producer);
        link.Pool.Add(0, SecretBytes.Random(4096));
        await link.BlockGate.WaitAsync(); // a block on its way, which must not be waited for
        link.StreamEnd = streamEnd;

        var taking = link.TakeExactAsync([[InFlight]], CancellationToken.None);

        Assert.True(taking.IsCompleted, "waited for a block that cannot hold the range");
        Assert.Equal([InFlight], (await taking).Missing);
    }

    private QkdLink Link(bool producer)
    {
        var (certificate, key) = _pki.WriteLeaf("CN=kme-cait");
        var options = new QkdLinkOptions { Url = "https://kme-ccs.invalid:8443", Source = new KeySourceOptions { Producer = producer } };
        var link = new QkdLink("cait", "ccs", options, new SimulatedKeySource(),
            new PeerClient("ccs", options, new ServerTlsOptions { Certificate = certificate, Key = key, Ca = _pki.CaPath }));
        _links.Add(link);
        return link;
    }

    public void Dispose()
    {
        foreach (var link in _links)
        {
            link.Dispose();
        }
        _pki.Dispose();
    }
}
