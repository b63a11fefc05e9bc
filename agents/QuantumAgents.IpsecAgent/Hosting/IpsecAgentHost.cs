using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Systemd;
using QuantumAgents.IpsecAgent.Boundaries;
using QuantumAgents.IpsecAgent.Charon;
using QuantumAgents.IpsecAgent.Keys;
using QuantumAgents.Vici.Client;

namespace QuantumAgents.IpsecAgent.Hosting;

/// <summary>The agent's services: control plane loop, KME client, charon over VICI, and the watchers (VICI events, charon's systemd unit).</summary>
public static class IpsecAgentHost
{
    public const AgentKind Kind = AgentKind.Ipsec;

    public static void AddIpsecAgent(this IHostApplicationBuilder builder, IpsecAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddSingleton(_ => new ViciClient(options.ViciSocket));
        services.AddSingleton(_ => options.Kme.CreateClient());
        services.AddSingleton(sp => new QkdKeys(sp.GetRequiredService<Etsi014Client>(), options.Kme.KeyBits));
        services.AddSingleton(sp => new CharonTunnels(sp.GetRequiredService<ViciClient>(), options.LocalAddress));
        services.AddSingleton(_ => TunnelBoundaries.From(options));
        services.AddSingleton<ReconcileNudge>();
        services.AddSingleton<IpsecReconciler>();
        services.AddSingleton<IReconciler>(sp => sp.GetRequiredService<IpsecReconciler>());
        services.AddSingleton(_ => ControlPlaneClient.Create(options.ControlPlane, options.Node, Kind));
        services.AddSingleton<KmeLinkLevels>();
        services.AddSingleton<ReconcileLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<ReconcileLoop>());
        services.AddHostedService<CharonWatcher>();
        services.AddSystemdUnits();
        services.AddHostedService<CharonUnitWatcher>();
    }

    /// <summary>After Build: the reconciler and the watcher wake the loop through its Nudge.</summary>
    public static void ConnectNudges(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var loop = host.Services.GetRequiredService<ReconcileLoop>();
        host.Services.GetRequiredService<ReconcileNudge>().Connect(loop.Nudge, loop.NudgeToReport);
    }
}
