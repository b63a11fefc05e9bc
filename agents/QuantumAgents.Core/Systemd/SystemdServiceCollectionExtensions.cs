using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace QuantumAgents.Core.Systemd;

/// <summary>Registration of the daemon's systemd integration: readiness, status, watchdog, and the D-Bus unit client.</summary>
public static class SystemdServiceCollectionExtensions
{
    /// <summary>
    /// READY=1 once the host has started (or when the daemon says so, see
    /// <see cref="DeferSystemdReadiness"/>), STOPPING=1 on stop, and the watchdog when systemd set
    /// <c>WATCHDOG_USEC</c>. Everything is silent when there is no <c>NOTIFY_SOCKET</c>.
    /// </summary>
    public static IServiceCollection AddSystemdIntegration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The console lifetime handles SIGTERM as systemd sends it; readiness is ours, so that a
        // daemon can defer it, which Microsoft's SystemdLifetime (READY=1 at start, always) cannot.
        if (SystemdHelpers.IsSystemdService())
        {
            services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        }
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.TryAdd(ServiceDescriptor.Singleton(typeof(SystemdReadinessMode), SystemdReadinessMode.WhenHostStarted));
        services.TryAddSingleton<SystemdNotifications>();
        services.AddHostedService<SystemdLifecycleNotifier>();
        services.AddHostedService(sp => new SystemdWatchdog(
            sp.GetRequiredService<SystemdNotifications>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetServices<IWatchdogHealth>(),
            sp.GetRequiredService<ILogger<SystemdWatchdog>>(),
            WatchdogSettings.FromEnvironment()));
        return services;
    }

    /// <summary>
    /// READY=1 waits for the daemon's own <see cref="SystemdNotifications.ReportReady"/> (e.g.
    /// after its first reconcile) instead of the host's start. Before or after <see cref="AddSystemdIntegration"/>.
    /// </summary>
    public static IServiceCollection DeferSystemdReadiness(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton(typeof(SystemdReadinessMode), SystemdReadinessMode.WhenDaemonReports));
        return services;
    }

    /// <summary>
    /// <see cref="SystemdUnits"/> on the system bus, as a singleton. Connecting is the caller's
    /// <see cref="SystemdUnits.TryConnectAsync"/>; nothing touches the bus at registration.
    /// </summary>
    public static IServiceCollection AddSystemdUnits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new SystemdUnits(sp.GetRequiredService<ILogger<SystemdUnits>>()));
        return services;
    }
}
