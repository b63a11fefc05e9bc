using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Integration.Tests.Support;
using QuantumAgents.IpsecAgent.Boundaries;
using QuantumAgents.IpsecAgent.Options;
using QuantumAgents.IpsecAgent.Tests.Initiating;
using static QuantumAgents.IpsecAgent.Tests.Tunnels;

namespace QuantumAgents.IpsecAgent.Tests.Reconciling;

/// <summary>
/// The reconciler's passes against a charon and a KME in memory, on a fake clock: keying,
/// initiation, removal and rekeying as the control plane sees them in the reports.
/// </summary>
public sealed class IpsecReconcilerTests : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private const int WindowSeconds = 2;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.Zero));
    private readonly FakeCharon _charon = new();
    private readonly FakeQkdKeys _keys = new();
    private readonly IpsecReconciler _reconciler;
    private int _nudges;
    private int _reports;
    private long _revision;

    public IpsecReconcilerTests()
    {
        var options = new IpsecAgentOptions { Node = "cait", LocalAddress = "198.18.12.1", InitiateWindowSeconds = WindowSeconds };
        var nudge = new CountingTrigger(() => Interlocked.Increment(ref _nudges), () => Interlocked.Increment(ref _reports));
        _reconciler = new IpsecReconciler(_charon, _keys, TunnelBoundaries.From(options), options, nudge, _time, NullLogger<IpsecReconciler>.Instance);
    }

    public void Dispose() => _reconciler.Dispose();

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);

    private async Task<ResourceStatusRequest[]> PassAsync(params TunnelWork[] tunnels) =>
        [.. await _reconciler.ReconcileAsync(new WorkView(++_revision, "cait", AgentKind.Ipsec, tunnels, null), CancellationToken.None)];

    private async Task<ResourceStatusRequest> PassAsync(TunnelWork tunnel) => Assert.Single(await PassAsync([tunnel]));

    /// <summary>Keyed, hurried by the responder's report of the key, initiated, and reported established.</summary>
    private async Task UpAsync(TunnelWork tunnel)
    {
        var keying = await PassAsync(tunnel);
        await PassAsync(tunnel with { KeyId = keying.KeyId });
        (await _charon.Attempts.NextAsync()).Up();
        await Wait.UntilAsync(() => Task.FromResult(Volatile.Read(ref _reports) == 1), WaitLimit, "the report of the tunnel up");
        Assert.Equal(ResourceState.Established, (await PassAsync(tunnel with { KeyId = keying.KeyId })).State);
    }

    [Fact]
    public async Task An_initiator_keys_its_tunnel_and_initiates_at_once_when_its_responder_reports_holding_the_key()
    {
        var keying = await PassAsync(Initiator("tun-1"));
        Assert.Equal<(ResourceState?, string?)>((ResourceState.Keying, "key-1"), (keying.State, keying.KeyId));
        Assert.Equal(["load tun-1 key-1"], _charon.Calls);

        // The responder's report of key-1 comes before the first attempt's second is up: no waiting for it.
        await PassAsync(Initiator("tun-1") with { KeyId = "key-1" });
        var attempt = await _charon.Attempts.NextAsync();
        Assert.Equal("tun-1", attempt.TunnelId);
        attempt.Up();
        await Wait.UntilAsync(() => Task.FromResult(Volatile.Read(ref _reports) == 1), WaitLimit, "the report of the tunnel up");

        var established = await PassAsync(Initiator("tun-1") with { KeyId = "key-1" });
        Assert.Equal<(ResourceState?, string?)>((ResourceState.Established, "key-1"), (established.State, established.KeyId));
        Assert.Equal(1, _keys.Takes);
        Assert.Equal(0, _nudges);
    }

    [Fact]
    public async Task An_initiation_that_gives_up_is_reported_failed_with_charons_reason()
    {
        var deadline = _time.GetUtcNow() + Seconds(WindowSeconds);
        Assert.Equal(ResourceState.Keying, (await PassAsync(Initiator("tun-1"))).State);
        // Every attempt refused until the window closes; the clock moves in steps because a retry is armed in the background.
        var attempts = 0;
        for (var step = 0; Volatile.Read(ref _nudges) == 0; step++)
        {
            Assert.True(step < 1000, "the initiation never gave up");
            while (_charon.Attempts.AnyMade)
            {
                (await _charon.Attempts.NextAsync()).Fail("received AUTHENTICATION_FAILED notify error");
                attempts++;
            }
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
        Assert.True(attempts > 0);
        Assert.True(_time.GetUtcNow() >= deadline);

        var failed = await PassAsync(Initiator("tun-1"));
        Assert.Equal<(ResourceState?, string?)>((ResourceState.Failed, "charon: establishing CHILD_SA 'net' failed: received AUTHENTICATION_FAILED notify error"), (failed.State, failed.Reason));
        Assert.Equal(0, _reports);
    }

    [Fact]
    public async Task A_tunnel_deleted_while_its_initiation_runs_leaves_charon_and_its_attempt_is_cancelled()
    {
        await PassAsync(Initiator("tun-1"));
        await PassAsync(Initiator("tun-1") with { KeyId = "key-1" });
        var attempt = await _charon.Attempts.NextAsync();

        Assert.Empty(await PassAsync());
        Assert.True(attempt.Stop.IsCancellationRequested);
        Assert.Equal(["load tun-1 key-1", "initiate tun-1", "remove tun-1"], _charon.Calls);

        _time.Advance(Seconds(WindowSeconds + 1));
        Assert.Empty(await PassAsync());
        Assert.False(_charon.Attempts.AnyMade);
        Assert.Equal((0, 0), (_nudges, _reports));
        Assert.Equal(["load tun-1 key-1", "initiate tun-1", "remove tun-1"], _charon.Calls);
    }

    [Fact]
    public async Task An_established_initiator_takes_a_fresh_key_once_rekey_seconds_have_passed_and_reauthenticates_when_the_responder_holds_it()
    {
        var tunnel = Initiator("tun-1");
        await UpAsync(tunnel);
        var keyed = _time.GetUtcNow();

        _time.Advance(Seconds(tunnel.RekeySeconds - 1));
        Assert.Equal("key-1", (await PassAsync(tunnel with { KeyId = "key-1" })).KeyId);
        Assert.Equal(1, _keys.Takes);
        Assert.Equal(0, _nudges);

        // The rekey alarm wakes the loop when the fresh key is due.
        _time.Advance(Seconds(1));
        Assert.Equal(keyed + Seconds(tunnel.RekeySeconds), _time.GetUtcNow());
        Assert.Equal(1, _nudges);
        var rekeying = await PassAsync(tunnel with { KeyId = "key-1" });
        Assert.Equal<(ResourceState?, string?)>((ResourceState.Established, "key-2"), (rekeying.State, rekeying.KeyId));
        Assert.Equal("load-key tun-1 key-2", _charon.Calls[^1]);

        Assert.Equal("key-2", (await PassAsync(tunnel with { KeyId = "key-2" })).KeyId);
        Assert.Equal("reauthenticate tun-1", _charon.Calls[^1]);
        Assert.Equal(2, _keys.Takes);

        // The next fresh key is due rekey_seconds after this one.
        _time.Advance(Seconds(tunnel.RekeySeconds - 1));
        await PassAsync(tunnel with { KeyId = "key-2" });
        Assert.Equal(2, _keys.Takes);
        _time.Advance(Seconds(1));
        await PassAsync(tunnel with { KeyId = "key-2" });
        Assert.Equal(3, _keys.Takes);
    }

    [Fact]
    public async Task A_fresh_key_the_kme_cannot_give_leaves_the_tunnel_running_and_is_asked_for_again_ten_seconds_later()
    {
        var tunnel = Initiator("tun-1") with { KeyId = "key-1" };
        await UpAsync(tunnel);

        _time.Advance(Seconds(tunnel.RekeySeconds));
        _keys.RefuseNext(new KmeUnreachableException(new Uri("https://198.18.255.1:8443"), "busy"));
        var running = await PassAsync(tunnel);
        Assert.Equal<(ResourceState?, string?)>((ResourceState.Established, "key-1"), (running.State, running.KeyId));
        Assert.Equal(2, _keys.Takes);

        _time.Advance(Seconds(9));
        await PassAsync(tunnel);
        Assert.Equal(2, _keys.Takes);
        _time.Advance(Seconds(1));
        Assert.Equal("key-2", (await PassAsync(tunnel)).KeyId);
        Assert.Equal(3, _keys.Takes);
    }

    [Fact]
    public async Task An_initiator_whose_sa_went_down_keys_afresh_and_initiates_again()
    {
        var tunnel = Initiator("tun-1") with { KeyId = "key-1" };
        await UpAsync(tunnel);

        _charon.Down("tun-1");
        var keying = await PassAsync(tunnel);
        Assert.Equal<(ResourceState?, string?)>((ResourceState.Keying, "key-2"), (keying.State, keying.KeyId));
        _time.Advance(Seconds(1));
        Assert.Equal("tun-1", (await _charon.Attempts.NextAsync()).TunnelId);
        Assert.Equal(["load tun-1 key-1", "initiate tun-1", "load tun-1 key-2", "initiate tun-1"], _charon.Calls);
    }
}
