using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace QuantumAgents.Core.Systemd;

/// <summary>
/// Feeds systemd's watchdog (<c>WatchdogSec=</c>): WATCHDOG=1 every half timeout, from the
/// moment the host has started until it begins to stop, and only while every
/// <see cref="IWatchdogHealth"/> reports no problem. A daemon that is wedged, or whose host hangs,
/// stops petting and systemd restarts it.
/// </summary>
internal sealed partial class SystemdWatchdog(
    SystemdNotifications notifications,
    IHostApplicationLifetime lifetime,
    IEnumerable<IWatchdogHealth> healthChecks,
    ILogger<SystemdWatchdog> logger,
    WatchdogSettings? settings) : BackgroundService
{
    private readonly IWatchdogHealth[] _healthChecks = [.. healthChecks];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings is not { } watchdog || !notifications.IsEnabled)
        {
            return;
        }
        if (!await HostStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }
        LogEnabled(watchdog.Timeout.TotalSeconds, watchdog.PetInterval.TotalMilliseconds);
        string? reported = null;
        using var timer = new PeriodicTimer(watchdog.PetInterval);
        do
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return;
            }
            var problem = FirstProblem();
            if (problem is null)
            {
                notifications.PetWatchdog();
                if (reported is not null)
                {
                    LogRecovered();
                    notifications.ReportStatus("healthy again");
                    reported = null;
                }
            }
            else if (problem != reported)
            {
                LogUnhealthy(problem);
                notifications.ReportStatus($"unhealthy, watchdog not fed: {problem}");
                reported = problem;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<bool> HostStartedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await notifications.HostStarted.WaitAsync(stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private string? FirstProblem()
    {
        foreach (var check in _healthChecks)
        {
            string? problem;
            try
            {
                problem = check.CurrentProblem();
            }
            catch (Exception e)
            {
                // A check that throws cannot vouch for the daemon.
                problem = $"{check.GetType().Name} failed: {e.Message}";
            }
            if (problem is not null)
            {
                return problem;
            }
        }
        return null;
    }

    [LoggerMessage(LogLevel.Information, "systemd watchdog on: timeout {TimeoutSeconds} s, WATCHDOG=1 every {IntervalMs} ms while healthy")]
    private partial void LogEnabled(double timeoutSeconds, double intervalMs);

    [LoggerMessage(LogLevel.Error, "unhealthy, no longer feeding systemd's watchdog (systemd will restart the daemon): {Problem}")]
    private partial void LogUnhealthy(string problem);

    [LoggerMessage(LogLevel.Information, "healthy again: feeding systemd's watchdog")]
    private partial void LogRecovered();
}
