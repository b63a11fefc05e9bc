using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Systemd;
using QuantumAgents.IpsecAgent.Options;

namespace QuantumAgents.IpsecAgent.Charon;

/// <summary>
/// Where systemd runs charon, follows its unit (<c>charon_unit</c>) over D-Bus: each time it is
/// active again after a restart or a crash, the new charon has none of the agent's connections
/// and keys, so the agent reconciles at once. <see cref="CharonWatcher"/> sees the same through
/// VICI reconnecting; this also covers a charon that comes back before VICI notices it was gone.
/// Without systemd (the testbed, a container) it returns after the one line SystemdUnits logs.
/// </summary>
public sealed partial class CharonUnitWatcher(
    IpsecAgentOptions options, SystemdUnits units, IReconcileTrigger nudge, TimeProvider time, ILogger<CharonUnitWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(options.CharonUnit))
        {
            return;
        }
        var unit = options.CharonUnit;
        var everConnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await units.TryConnectAsync(stoppingToken).ConfigureAwait(false))
                {
                    // No systemd here at all: VICI alone tells about charon. Once it was there, its
                    // bus coming back (systemd re-exec, dbus restart) is worth waiting for.
                    if (!everConnected)
                    {
                        return;
                    }
                    await Task.Delay(RetryPause, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                if (everConnected)
                {
                    // Changes while the bus was away are lost: level-triggered, so look again.
                    nudge.Nudge();
                }
                everConnected = true;
                var state = await units.GetStateAsync(unit, stoppingToken).ConfigureAwait(false);
                LogFollowing(unit, state.ActiveState, state.SubState);
                await foreach (var back in units.WatchReactivationsAsync(unit, stoppingToken).ConfigureAwait(false))
                {
                    LogCharonUnitActive(back.Unit);
                    nudge.Nudge();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SystemdUnavailableException or SystemdUnitException or SystemdProtocolException)
            {
                LogLost(unit, e.Message);
                await Task.Delay(RetryPause, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "following charon's unit {Unit} over D-Bus (now {ActiveState}/{SubState})")]
    private partial void LogFollowing(string unit, string activeState, string subState);

    [LoggerMessage(LogLevel.Information, "charon's unit {Unit} is active again: reconciling")]
    private partial void LogCharonUnitActive(string unit);

    [LoggerMessage(LogLevel.Warning, "lost charon's unit {Unit} over D-Bus ({Message}); retrying")]
    private partial void LogLost(string unit, string message);
}
