using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Systemd;
using QuantumAgents.IpsecAgent.Boundaries;
using QuantumAgents.IpsecAgent.Charon;
using QuantumAgents.IpsecAgent.Kme;
using QuantumAgents.IpsecAgent.Options;
using QuantumAgents.Vici.Client;

namespace QuantumAgents.IpsecAgent.Hosting;

/// <summary>The agent's services: the skeleton (control plane loop, KME client), charon over VICI, and the watchers (VICI events, charon's systemd unit).</summary>
public static class IpsecAgentHost
{
    public const AgentKind Kind = AgentKind.Ipsec;

    public static void AddIpsecAgent(this IHostApplicationBuilder builder, IpsecAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddSingleton(_ => new ViciClient(options.ViciSocket));
        services.AddSingleton<IQkdKeys>(sp => new QkdKeys(sp.GetRequiredService<Etsi014Client>(), options.Kme.KeyBits));
        services.AddSingleton<ICharonTunnels>(sp => new CharonTunnels(sp.GetRequiredService<ViciClient>(), options.LocalAddress, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => TunnelBoundaries.From(options));
        builder.AddQuantumAgent<IpsecReconciler>(options, Kind);
        services.AddHostedService<CharonWatcher>();
        services.AddSystemdUnits();
        services.AddHostedService<CharonUnitWatcher>();
    }
}
