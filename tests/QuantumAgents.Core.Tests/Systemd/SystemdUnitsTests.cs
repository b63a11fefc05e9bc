using QuantumAgents.Core.Systemd;

namespace QuantumAgents.Core.Tests.Systemd;

/// <summary>
/// <see cref="SystemdUnits"/> against a real dbus-daemon with <see cref="FakeSystemd"/> on it,
/// and against no bus at all (this machine: no system bus, systemd not PID 1).
/// </summary>
public sealed class SystemdUnitsTests : IAsyncLifetime
{
    private const string Charon = "strongswan.service";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly RecordingLogger<SystemdUnits> _log = new();
    private PrivateBus _bus = null!;

    public async Task InitializeAsync() => _bus = await PrivateBus.StartAsync();

    public Task DisposeAsync()
    {
        _bus.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(FakeSystemd Systemd, SystemdUnits Units)> ConnectedAsync()
    {
        var systemd = await FakeSystemd.StartAsync(_bus.Address);
        var units = new SystemdUnits(_bus.Address, _log);
        Assert.True(await units.TryConnectAsync(CancellationToken.None), string.Join("\n", _log.Lines));
        return (systemd, units);
    }

    private static CancellationToken Within() => new CancellationTokenSource(Bound).Token;

    [Fact]
    public async Task Without_a_bus_it_says_so_once_and_the_caller_carries_on()
    {
        using var units = new SystemdUnits("unix:path=/nonexistent/qa-test/system_bus_socket", _log);

        Assert.False(await units.TryConnectAsync(CancellationToken.None));
        Assert.False(await units.TryConnectAsync(CancellationToken.None));
        Assert.False(await units.TryConnectAsync(CancellationToken.None));

        var line = Assert.Single(_log.Lines);
        Assert.Contains("not reachable over D-Bus at unix:path=/nonexistent/qa-test/system_bus_socket (no bus socket there)", line, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SystemdUnavailableException>(() => units.GetStateAsync(Charon, CancellationToken.None));
    }

    [Fact]
    public async Task A_bus_without_systemd_on_it_is_no_systemd()
    {
        using var units = new SystemdUnits(_bus.Address, _log);

        Assert.False(await units.TryConnectAsync(CancellationToken.None));
        Assert.False(await units.TryConnectAsync(CancellationToken.None));

        var line = Assert.Single(_log.Lines);
        Assert.Contains("org.freedesktop.DBus.Error.NameHasNoOwner", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_state_of_a_unit_and_of_a_unit_systemd_does_not_know()
    {
        var (systemd, units) = await ConnectedAsync();
        using var _ = systemd;
        using var __ = units;
        systemd.AddUnit(Charon, "active", "running");

        Assert.Equal(new UnitState(Charon, "loaded", "active", "running"), await units.GetStateAsync(Charon, Within()));
        var unknown = await units.GetStateAsync("no-such.service", Within());
        Assert.Equal(new UnitState("no-such.service", "not-found", "inactive", "dead"), unknown);
        Assert.False(unknown.IsActive);
        Assert.Contains("Subscribe", systemd.Calls);
        Assert.Contains($"LoadUnit {Charon}", systemd.Calls);
    }

    [Fact]
    public async Task A_unit_name_systemd_rejects_is_an_error_naming_the_unit()
    {
        var (systemd, units) = await ConnectedAsync();
        using var _ = systemd;
        using var __ = units;

        var error = await Assert.ThrowsAsync<SystemdUnitException>(() => units.GetStateAsync("bad/name.service", Within()));

        Assert.Equal("bad/name.service", error.Unit);
        Assert.Equal("systemd cannot load bad/name.service: org.freedesktop.DBus.Error.InvalidArgs: Unit name bad/name.service is not valid.", error.Message);
    }

    [Fact]
    public async Task A_watch_yields_the_current_state_then_every_change()
    {
        var (systemd, units) = await ConnectedAsync();
        using var _ = systemd;
        using var __ = units;
        systemd.AddUnit(Charon, "active", "running");
        var seen = new List<string>();

        await foreach (var state in units.WatchAsync(Charon, Within()))
        {
            seen.Add($"{state.ActiveState}/{state.SubState}");
            switch (seen.Count)
            {
                case 1:
                    // charon crashed; systemd's Restart= brings it back.
                    systemd.SetState(Charon, "failed", "failed");
                    break;
                case 2:
                    // Some systemd versions only invalidate: the watch has to read the state again.
                    systemd.SetState(Charon, "activating", "auto-restart", invalidateOnly: true);
                    break;
                case 3:
                    systemd.SetState(Charon, "active", "running");
                    break;
            }
            if (seen.Count == 4)
            {
                break;
            }
        }

        Assert.Equal(["active/running", "failed/failed", "activating/auto-restart", "active/running"], seen);
    }

    [Fact]
    public async Task A_restart_shows_up_as_one_reactivation()
    {
        var (systemd, units) = await ConnectedAsync();
        using var _ = systemd;
        using var __ = units;
        systemd.AddUnit(Charon, "active", "running");
        using var cancel = new CancellationTokenSource(Bound);
        await using var reactivations = units.WatchReactivationsAsync(Charon, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = reactivations.MoveNextAsync().AsTask();

        await units.RestartAsync(Charon, Within());

        Assert.True(await next);
        Assert.Equal(new UnitState(Charon, "loaded", "active", "running"), reactivations.Current);
        // Nothing more until the next restart.
        var more = reactivations.MoveNextAsync().AsTask();
        Assert.NotSame(more, await Task.WhenAny(more, Task.Delay(TimeSpan.FromSeconds(1))));
        systemd.SetState(Charon, "inactive", "dead");
        systemd.SetState(Charon, "active", "running");
        Assert.True(await more);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task Start_returns_once_the_job_is_done_and_the_unit_active()
    {
        var (systemd, units) = await ConnectedAsync();
        using var _ = systemd;
        using var __ = units;
        systemd.AddUnit("rngd.service", "inactive", "dead");

        await units.StartAsync("rngd.service", Within());

        Assert.True((await units.GetStateAsync("rngd.service", Within())).IsActive);
        Assert.Contains("StartUnit rngd.service replace", systemd.Calls);
    }

    [Fact]
    public async Task A_failed_restart_job_names_the_unit_and_the_result()
    {
        var (systemd, units) = await ConnectedAsync();
        using var _ = systemd;
        using var __ = units;
        systemd.AddUnit("rngd.service", "active", "running").NextJobResult = "failed";

        var error = await Assert.ThrowsAsync<SystemdJobFailedException>(() => units.RestartAsync("rngd.service", Within()));

        Assert.Equal("rngd.service", error.Unit);
        Assert.Equal("failed", error.Result);
        Assert.Equal("systemd could not restart rngd.service: failed", error.Message);
        Assert.Equal("failed", (await units.GetStateAsync("rngd.service", Within())).ActiveState);
    }

    [Fact]
    public async Task Starting_a_unit_systemd_does_not_have_fails_with_its_answer()
    {
        var (systemd, units) = await ConnectedAsync();
        using var _ = systemd;
        using var __ = units;

        var error = await Assert.ThrowsAsync<SystemdJobFailedException>(() => units.StartAsync("missing.service", Within()));

        Assert.Equal("missing.service", error.Unit);
        Assert.StartsWith("org.freedesktop.systemd1.NoSuchUnit", error.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_ends_with_SystemdUnavailable_when_the_bus_goes_away()
    {
        var (systemd, units) = await ConnectedAsync();
        using var _ = systemd;
        using var __ = units;
        systemd.AddUnit(Charon, "active", "running");
        using var cancel = new CancellationTokenSource(Bound);
        await using var watch = units.WatchAsync(Charon, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await watch.MoveNextAsync());

        _bus.Kill();

        await Assert.ThrowsAsync<SystemdUnavailableException>(async () => await watch.MoveNextAsync());
        Assert.False(await units.TryConnectAsync(CancellationToken.None));
        Assert.Single(_log.Lines, line => line.Contains("not reachable", StringComparison.Ordinal));
    }
}
