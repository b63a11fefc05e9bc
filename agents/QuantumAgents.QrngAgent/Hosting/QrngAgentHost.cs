using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Systemd;
using QuantumAgents.QrngAgent.Device;
using QuantumAgents.QrngAgent.Feeding;
using QuantumAgents.QrngAgent.Options;
using QuantumAgents.QrngAgent.Rngd;

namespace QuantumAgents.QrngAgent.Hosting;

/// <summary>
/// The agent's wiring: the configured source (health-tested), the device feeder, and the skeleton,
/// whose reconcile loop reports only when a control plane is configured.
/// </summary>
public static class QrngAgentHost
{
    public const AgentKind Kind = AgentKind.Qrng;

    public static void AddQrngAgent(this IHostApplicationBuilder builder, QrngAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddSingleton(sp => EntropySources.Create(options.Source, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<FeederStatus>();
        services.AddSingleton(sp => new ModuleLoader(options.Device, options.Module,
            ModuleParameters.For(options, writerGid: null), sp.GetRequiredService<TimeProvider>()));
        if (options.RngdUnit.Length > 0)
        {
            services.AddSystemdUnits();
            services.AddSingleton(sp => new RngdRestarter(sp.GetRequiredService<SystemdUnits>(), options.RngdUnit, sp.GetRequiredService<ILogger<RngdRestarter>>()));
        }
        services.AddSingleton(sp => new DeviceFeeder(sp.GetRequiredService<IEntropySource>(), OpenDevice(sp),
            FeederSettings.From(options), sp.GetRequiredService<FeederStatus>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DeviceFeeder>>()));
        services.AddHostedService(sp => sp.GetRequiredService<DeviceFeeder>());
        builder.AddQuantumAgent<QrngReconciler>(options, Kind);
    }

    /// <summary>The module loader, followed by an rngd restart when rngd is managed.</summary>
    private static Func<CancellationToken, Task<IQrngDevice>> OpenDevice(IServiceProvider services)
    {
        var open = services.GetRequiredService<ModuleLoader>().OpenAsync;
        return services.GetService<RngdRestarter>() is { } rngd ? rngd.After(open) : open;
    }
}
