using Microsoft.Extensions.Hosting;

namespace QuantumAgents.Core.Systemd;

/// <summary>
/// Sends READY=1 when the host has started and STOPPING=1 when it begins to stop. The host
/// raises ApplicationStarted only after every hosted service's StartAsync has returned, which for
/// an ASP.NET daemon includes Kestrel binding its ports: systemd sees "active" when it serves.
/// </summary>
internal sealed class SystemdLifecycleNotifier(SystemdNotifications notifications, IHostApplicationLifetime lifetime) : IHostedService
{
    public const string StartedStatus = "started";

    private readonly List<CancellationTokenRegistration> _registrations = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(lifetime.ApplicationStarted.Register(() =>
        {
            if (!notifications.ReadinessDeferred)
            {
                notifications.ReportReady(StartedStatus);
            }
            notifications.MarkHostStarted();
        }));
        _registrations.Add(lifetime.ApplicationStopping.Register(notifications.ReportStopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        return Task.CompletedTask;
    }
}
