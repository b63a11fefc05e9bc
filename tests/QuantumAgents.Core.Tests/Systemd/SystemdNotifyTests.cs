using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuantumAgents.Core.Hosting;
using QuantumAgents.Core.Systemd;
using QuantumAgents.Core.Tests.Hosting;

namespace QuantumAgents.Core.Tests.Systemd;

/// <summary>
/// A host built in-process with a real AF_UNIX datagram socket as <c>NOTIFY_SOCKET</c>, the way
/// systemd runs a <c>Type=notify</c> unit with <c>WatchdogSec=</c>. The variables are
/// process-wide, so these tests run alone.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class SystemdNotifyTests : IDisposable
{
    // Generous bounds: the 2-core CI machine may be busy. Only "arrives within" and "none within" are asserted.
    private static readonly TimeSpan Arrives = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    /// <summary>0.2 s: a pet every 0.1 s, so a quiet window of 1.5 s would hold about 15 of them.</summary>
    private const string WatchdogMicroseconds = "200000";

    private readonly NotifySocketListener _systemd = new();
    private readonly List<EnvironmentVariableScope> _environment = [];

    public void Dispose()
    {
        foreach (var scope in _environment)
        {
            scope.Dispose();
        }
        _systemd.Dispose();
    }

    private void UnderSystemd(string? watchdogMicroseconds, string? watchdogPid)
    {
        _environment.Add(new EnvironmentVariableScope("NOTIFY_SOCKET", _systemd.Path));
        _environment.Add(new EnvironmentVariableScope(WatchdogSettings.TimeoutVariable, watchdogMicroseconds));
        _environment.Add(new EnvironmentVariableScope(WatchdogSettings.PidVariable, watchdogPid));
    }

    private static string OwnPid => Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IHost BuildHost(Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSystemdIntegration();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    private async Task<int> CountPetsAsync(TimeSpan window) =>
        (await _systemd.CollectAsync(window)).Count(m => NotifySocketListener.Assignments(m).Contains("WATCHDOG=1"));

    [Fact]
    public async Task Ready_comes_first_then_the_watchdog_is_fed_repeatedly_and_stopping_ends_it()
    {
        UnderSystemd(WatchdogMicroseconds, OwnPid);
        using var host = BuildHost();
        await host.StartAsync();

        var ready = await _systemd.NextAsync(Arrives);
        Assert.NotNull(ready);
        Assert.Equal(["READY=1", "STATUS=" + SystemdLifecycleNotifier.StartedStatus], NotifySocketListener.Assignments(ready));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("WATCHDOG=1", await _systemd.NextAsync(Arrives));
        }

        await host.StopAsync();
        var stopping = await _systemd.WaitForAsync("STOPPING=1", Arrives);
        Assert.Contains("STATUS=stopping", NotifySocketListener.Assignments(stopping));
        Assert.Equal(0, await CountPetsAsync(Quiet));
    }

    [Fact]
    public async Task Without_WATCHDOG_USEC_the_daemon_is_ready_but_never_pets()
    {
        UnderSystemd(watchdogMicroseconds: null, watchdogPid: null);
        using var host = BuildHost();
        await host.StartAsync();

        await _systemd.WaitForAsync("READY=1", Arrives);
        Assert.Equal(0, await CountPetsAsync(Quiet));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_WATCHDOG_PID_naming_another_process_is_not_ours_to_feed()
    {
        // systemd sets WATCHDOG_PID to the main process: a child that inherited it must stay quiet.
        UnderSystemd(WatchdogMicroseconds, watchdogPid: "1");
        using var host = BuildHost();
        await host.StartAsync();

        await _systemd.WaitForAsync("READY=1", Arrives);
        Assert.Equal(0, await CountPetsAsync(Quiet));
        await host.StopAsync();
    }

    [Fact]
    public async Task An_unhealthy_daemon_stops_feeding_the_watchdog_and_resumes_when_healthy()
    {
        UnderSystemd(WatchdogMicroseconds, OwnPid);
        var health = new SwitchableHealth();
        using var host = BuildHost(services => services.AddSingleton<IWatchdogHealth>(health));
        await host.StartAsync();
        await _systemd.WaitForAsync("WATCHDOG=1", Arrives);

        health.Fail("reconcile loop stuck for 90 s");
        var status = await _systemd.WaitForAsync("STATUS=unhealthy, watchdog not fed: reconcile loop stuck for 90 s", Arrives);
        Assert.DoesNotContain("WATCHDOG=1", NotifySocketListener.Assignments(status));
        Assert.Equal(0, await CountPetsAsync(Quiet));

        health.Recover();
        await _systemd.WaitForAsync("WATCHDOG=1", Arrives);
        await host.StopAsync();
    }

    [Fact]
    public async Task Ready_is_sent_only_after_every_hosted_service_has_started_listening()
    {
        UnderSystemd(watchdogMicroseconds: null, watchdogPid: null);
        using var listening = new ListeningService();
        using var host = BuildHost(services => services.AddHostedService(_ => listening));
        var start = host.StartAsync();

        await _systemd.WaitForAsync("READY=1", Arrives);
        Assert.True(listening.Listening, "READY=1 arrived before the listener was bound");
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, listening.Port);
        await start;
        await host.StopAsync();
    }

    [Fact]
    public async Task Deferred_readiness_waits_for_the_daemon_to_report_it()
    {
        UnderSystemd(watchdogMicroseconds: null, watchdogPid: null);
        using var host = BuildHost(services => services.DeferSystemdReadiness());
        await host.StartAsync();

        Assert.Empty(await _systemd.CollectAsync(Quiet));
        var notifications = host.Services.GetRequiredService<SystemdNotifications>();
        notifications.ReportReady("first reconcile done\nno tunnels");
        var ready = await _systemd.NextAsync(Arrives);
        Assert.NotNull(ready);
        Assert.Equal(["READY=1", "STATUS=first reconcile done no tunnels"], NotifySocketListener.Assignments(ready));

        notifications.ReportReady("second pass");
        Assert.Equal("STATUS=second pass", await _systemd.NextAsync(Arrives));
        await host.StopAsync();
    }

    [Fact]
    public async Task Every_daemon_gets_it_through_AddQuantumDaemon()
    {
        using var directory = new ConfigDirectory();
        var config = directory.Write("sample.json", """{"name":"cait"}""");
        UnderSystemd(WatchdogMicroseconds, OwnPid);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddQuantumDaemon<SampleOptions>("qa-sample", ["--config", config]);
        using var host = builder.Build();
        await host.StartAsync();

        await _systemd.WaitForAsync("READY=1", Arrives);
        await _systemd.WaitForAsync("WATCHDOG=1", Arrives);
        await host.StopAsync();
    }

    [Fact]
    public async Task Without_NOTIFY_SOCKET_nothing_is_sent_and_nothing_fails()
    {
        _environment.Add(new EnvironmentVariableScope("NOTIFY_SOCKET", null));
        _environment.Add(new EnvironmentVariableScope(WatchdogSettings.TimeoutVariable, WatchdogMicroseconds));
        using var host = BuildHost();
        await host.StartAsync();

        var notifications = host.Services.GetRequiredService<SystemdNotifications>();
        Assert.False(notifications.IsEnabled);
        notifications.ReportStatus("nobody listens");
        Assert.Empty(await _systemd.CollectAsync(Quiet));
        await host.StopAsync();
    }
}
