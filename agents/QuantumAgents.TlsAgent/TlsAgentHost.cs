using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.OpenSsl;
using QuantumAgents.TlsAgent.Options;
using QuantumAgents.TlsAgent.Proxy;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent;

/// <summary>
/// The agent's wiring: control plane loop, the node's KME as SAE <c>&lt;node&gt;-tls</c>, both TLS
/// contexts (the server's key lookup behind the served sessions' guard), the node's target policy.
/// </summary>
public static class TlsAgentHost
{
    public const AgentKind Kind = AgentKind.Tls;

    public static void AddTlsAgent(this HostApplicationBuilder builder, TlsAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddSingleton(_ => ControlPlaneClient.Create(options.ControlPlane, options.Node, Kind));
        services.AddSingleton(_ => options.Kme.CreateClient());
        services.AddSingleton<IPskKeySource>(sp => new Etsi014PskKeySource(sp.GetRequiredService<Etsi014Client>(), options.Kme.KeyBits));
        services.AddSingleton(_ => new PskTlsClientContext());
        services.AddSingleton<ServedSessions>();
        services.AddSingleton(sp => new PskTlsServerContext(
            sp.GetRequiredService<ServedSessions>().Guard(Etsi014PskKeyLookup.Create(sp.GetRequiredService<Etsi014Client>()))));
        services.AddSingleton(_ => new TargetResolver(TargetOptions.Policy(options, NodeAddresses.Read)));
        services.AddSingleton(sp => new TlsReconciler(options, sp.GetRequiredService<IPskKeySource>(), sp.GetRequiredService<PskTlsClientContext>(),
            sp.GetRequiredService<PskTlsServerContext>(), sp.GetRequiredService<ServedSessions>(), sp.GetRequiredService<TargetResolver>(),
            TimeProvider.System, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IReconciler>(sp => sp.GetRequiredService<TlsReconciler>());
        services.AddSingleton<KmeLinkLevels>();
        services.AddSingleton(sp => new ReconcileLoop(sp.GetRequiredService<ControlPlaneClient>(), sp.GetRequiredService<IReconciler>(),
            sp.GetRequiredService<ILogger<ReconcileLoop>>(), sp.GetRequiredService<KmeLinkLevels>()));
        services.AddHostedService(sp => sp.GetRequiredService<ReconcileLoop>());
    }

    /// <summary>Runs until SIGTERM, then closes every listener and connection.</summary>
    public static async Task RunTlsAgentAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var reconciler = host.Services.GetRequiredService<TlsReconciler>();
        var loop = host.Services.GetRequiredService<ReconcileLoop>();
        var throttle = new ReportThrottle(loop.NudgeToReport, TimeSpan.FromSeconds(1));
        reconciler.Changed += throttle.Signal;
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            await reconciler.DisposeAsync().ConfigureAwait(false);
        }
    }
}
