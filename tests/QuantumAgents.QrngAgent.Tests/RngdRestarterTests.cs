using Microsoft.Extensions.Logging.Abstractions;
using QuantumAgents.Core.Systemd;
using QuantumAgents.Core.Tests.Systemd;
using QuantumAgents.QrngAgent.Device;
using QuantumAgents.QrngAgent.Rngd;
using QuantumAgents.QrngAgent.Tests.Support;

namespace QuantumAgents.QrngAgent.Tests;

/// <summary>rngd restarted over systemd's D-Bus API (a real dbus-daemon, a fake systemd on it) once /dev/qrng is open.</summary>
public sealed class RngdRestarterTests : IAsyncLifetime
{
    private const string Unit = "rng-tools-debian.service";
    private PrivateBus _bus = null!;

    public async Task InitializeAsync() => _bus = await PrivateBus.StartAsync();

    public Task DisposeAsync()
    {
        _bus.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Rngd_is_restarted_after_the_device_opens_and_not_before()
    {
        using var systemd = await FakeSystemd.StartAsync(_bus.Address);
        systemd.AddUnit(Unit, "failed", "failed"); // it started before /dev/qrng existed
        using var units = new SystemdUnits(_bus.Address, NullLogger<SystemdUnits>.Instance);
        var restarter = new RngdRestarter(units, Unit, NullLogger<RngdRestarter>.Instance);
        var callsWhenOpened = -1;
        var open = restarter.After(_ =>
        {
            callsWhenOpened = systemd.Calls.Count(c => c.StartsWith("RestartUnit", StringComparison.Ordinal));
            return Task.FromResult<IQrngDevice>(new FakeQrngDevice(4096));
        });

        using var device = await open(CancellationToken.None);

        Assert.Equal(0, callsWhenOpened);
        Assert.Contains($"RestartUnit {Unit} replace", systemd.Calls);
        Assert.True((await units.GetStateAsync(Unit, CancellationToken.None)).IsActive);
        Assert.Equal($"{Unit} restarted", restarter.State);
    }

    [Fact]
    public async Task A_failed_restart_is_reported_and_the_device_is_still_used()
    {
        using var systemd = await FakeSystemd.StartAsync(_bus.Address);
        systemd.AddUnit(Unit, "active", "running").NextJobResult = "failed";
        using var units = new SystemdUnits(_bus.Address, NullLogger<SystemdUnits>.Instance);
        var restarter = new RngdRestarter(units, Unit, NullLogger<RngdRestarter>.Instance);

        using var device = await restarter.After(_ => Task.FromResult<IQrngDevice>(new FakeQrngDevice(4096)))(CancellationToken.None);

        Assert.Equal(4096, device.Capacity);
        Assert.Equal($"{Unit} not restarted: systemd could not restart {Unit}: failed", restarter.State);
    }

    [Fact]
    public async Task Without_systemd_the_agent_says_so_and_carries_on()
    {
        using var units = new SystemdUnits("unix:path=/nonexistent/qa-no-bus", NullLogger<SystemdUnits>.Instance);
        var restarter = new RngdRestarter(units, Unit, NullLogger<RngdRestarter>.Instance);

        using var device = await restarter.After(_ => Task.FromResult<IQrngDevice>(new FakeQrngDevice(4096)))(CancellationToken.None);

        Assert.Equal("not restarted: no systemd on unix:path=/nonexistent/qa-no-bus", restarter.State);
    }
}
