using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Etsi004;
using QuantumAgents.Kme.Forwarding;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Limits;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Routing;
using QuantumAgents.Kme.Streams;
using QuantumAgents.Kme.Tests.Links;
using QuantumAgents.Kme.Tests.Options;
using QuantumAgents.Kme.Tests.Store;

namespace QuantumAgents.Kme.Tests.Streams;

/// <summary>
/// When a stream idles out, on a fake clock: destination streams of SAE sae-cait at cait's KME,
/// which draw no key and never reach the peer KME. (On two real KMEs, with a source stream:
/// <see cref="Etsi004StreamLimitTests"/>.)
/// </summary>
public sealed class StreamIdleExpiryTests : IAsyncLifetime, IDisposable
{
    private readonly ValidKmeOptions _valid = new();
    private readonly TestLinks _links = new();
    private readonly TempStore _store = new();
    private readonly FakeTimeProvider _clock = new();
    private KmeOptions _options = null!;
    private StreamService _streams = null!;

    public async Task InitializeAsync()
    {
        await _store.InitializeAsync();
        _options = _valid.Create();
        var links = new LinkRegistry(_links.Create(producer: true));
        var topology = KmeTopology.From(_options);
        var draw = new OwnKeyDraw(_store.Store);
        var forwarding = new ForwardingService(_options, links, topology, draw, _store.Store, new SimulatedEntropySource(), _clock, NullLogger<ForwardingService>.Instance);
        var keys = new KeyService(_options, links, topology, forwarding, draw, _store.Store, new SaeDrawLimits(_options, _clock), _clock, NullLogger<KeyService>.Instance);
        _streams = new StreamService(_options, keys, links, forwarding, _store.Store, _clock, NullLogger<StreamService>.Instance);
    }

    private async Task<string> OpenAsync()
    {
        var id = Guid.NewGuid().ToString();
        var opened = await _streams.OpenAsync("sae-cait", new OpenConnectRequest
        {
            Source = "qkd://sae-ccs",
            Destination = "qkd://sae-cait",
            KeyStreamId = id,
            Qos = new Etsi004Qos { Timeout = 0 },
        });
        Assert.Equal(Etsi004Status.SuccessfulPeerNotConnected, opened.Status);
        return id;
    }

    [Fact]
    public async Task A_stream_is_closed_once_stream_idle_seconds_pass_without_get_key_not_before()
    {
        var id = await OpenAsync();

        _clock.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal(0, _streams.CloseIdle());
        Assert.NotNull(_streams.Find(id));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _streams.CloseIdle());

        Assert.Null(_streams.Find(id));
        var refused = await Assert.ThrowsAsync<EtsiProblemException>(() => _streams.GetKeyAsync("sae-cait", id, 0, null));
        Assert.Equal(400, refused.StatusCode);
        Assert.Contains("closed after 600 s without get_key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_get_key_starts_the_idle_time_again()
    {
        var id = await OpenAsync();
        _clock.Advance(TimeSpan.FromSeconds(500));

        var answer = await _streams.GetKeyAsync("sae-cait", id, 0, null);

        Assert.Equal(Etsi004Status.PeerNotConnected, answer.Status);
        _clock.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal(0, _streams.CloseIdle());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _streams.CloseIdle());
    }

    [Fact]
    public async Task A_get_key_still_waiting_keeps_its_stream_open()
    {
        var id = await OpenAsync();
        var session = _streams.Find(id)!;

        session.GetKeyStarted(); // as a get_key waiting up to its timeout for a chunk
        _clock.Advance(TimeSpan.FromSeconds(1000));
        Assert.Equal(0, _streams.CloseIdle());
        session.GetKeyEnded(_clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal(0, _streams.CloseIdle());
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, _streams.CloseIdle());
    }

    [Fact]
    public async Task An_idle_stream_closed_frees_its_place_under_the_SAEs_cap()
    {
        _options.Saes["sae-cait"].MaxOpenStreams = 1;
        await OpenAsync();
        var refused = await _streams.OpenAsync("sae-cait", new OpenConnectRequest { Source = "qkd://sae-ccs", Destination = "qkd://sae-cait", KeyStreamId = Guid.NewGuid().ToString() });
        Assert.Equal(Etsi004Status.NoQkdConnection, refused.Status);

        _clock.Advance(TimeSpan.FromSeconds(600));
        Assert.Equal(1, _streams.CloseIdle());

        await OpenAsync();
    }

    public Task DisposeAsync() => _store.DisposeAsync();

    public void Dispose()
    {
        _streams.Dispose();
        _links.Dispose();
        _valid.Dispose();
    }
}
