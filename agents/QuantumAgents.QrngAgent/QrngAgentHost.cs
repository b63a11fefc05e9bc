using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Systemd;
using QuantumAgents.QrngAgent.Device;
using QuantumAgents.QrngAgent.Feeding;
using QuantumAgents.QrngAgent.Options;
using QuantumAgents.QrngAgent.Rngd;

namespace QuantumAgents.QrngAgent;

/// <summary>The agent's wiring: the configured source (health-tested), the device feeder, and reporting when configured.</summary>
public static class QrngAgentHost
{
    public const AgentKind Kind = AgentKind.Qrng;

    public static void AddQrngAgent(this HostApplicationBuilder builder, QrngAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
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
        if (options.ControlPlane is not null)
        {
            services.AddSingleton(_ => ControlPlaneClient.Create(options.ControlPlane, options.Node, Kind));
            services.AddSingleton<IReconciler>(sp => new QrngReconciler(options, sp.GetRequiredService<IEntropySource>(), sp.GetRequiredService<FeederStatus>(),
                sp.GetService<RngdRestarter>()));
            services.AddSingleton(sp => new ReconcileLoop(sp.GetRequiredService<ControlPlaneClient>(), sp.GetRequiredService<IReconciler>(),
                sp.GetRequiredService<ILogger<ReconcileLoop>>()));
            services.AddHostedService(sp => sp.GetRequiredService<ReconcileLoop>());
        }
    }

    /// <summary>The module loader, followed by an rngd restart when rngd is managed.</summary>
    private static Func<CancellationToken, Task<IQrngDevice>> OpenDevice(IServiceProvider services)
    {
        var open = services.GetRequiredService<ModuleLoader>().OpenAsync;
        return services.GetService<RngdRestarter>() is { } rngd ? rngd.After(open) : open;
    }

    /// <summary>Runs until SIGTERM; a change of the feeder's state (source failed, recovered) is reported at once.</summary>
    public static async Task RunQrngAgentAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Services.GetService<ReconcileLoop>() is { } loop)
        {
            host.Services.GetRequiredService<FeederStatus>().StateChanged += loop.Nudge;
        }
        await host.RunAsync().ConfigureAwait(false);
    }
}
