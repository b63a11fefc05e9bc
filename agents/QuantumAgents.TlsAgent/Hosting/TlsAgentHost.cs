using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.OpenSsl;
using QuantumAgents.TlsAgent.Kme;
using QuantumAgents.TlsAgent.Options;
using QuantumAgents.TlsAgent.Proxy;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent.Hosting;

/// <summary>
/// The agent's wiring: the skeleton (control plane loop, the node's KME as SAE <c>&lt;node&gt;-tls</c>),
/// both TLS contexts (the server's key lookup behind the served sessions' guard), the node's
/// target policy. The host's disposal closes every listener and connection (the reconciler's).
/// </summary>
public static class TlsAgentHost
{
    public const AgentKind Kind = AgentKind.Tls;

    public static void AddTlsAgent(this IHostApplicationBuilder builder, TlsAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddSingleton<IPskKeySource>(sp => new Etsi014PskKeySource(sp.GetRequiredService<Etsi014Client>(), options.Kme.KeyBits));
        services.AddSingleton(_ => new PskTlsClientContext());
        services.AddSingleton<ServedSessions>();
        services.AddSingleton(sp => new PskTlsServerContext(
            sp.GetRequiredService<ServedSessions>().Guard(Etsi014PskKeyLookup.Create(sp.GetRequiredService<Etsi014Client>()))));
        services.AddSingleton(_ => new TargetResolver(TargetOptions.Policy(options, NodeAddresses.Read)));
        builder.AddQuantumAgent<TlsReconciler>(options, Kind);
    }
}
