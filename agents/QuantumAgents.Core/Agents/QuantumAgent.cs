using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Hosting;

namespace QuantumAgents.Core.Agents;

/// <summary>
/// The skeleton every agent shares: a daemon (<see cref="QuantumDaemon"/>: options, logging,
/// systemd) whose reconciler the <see cref="ReconcileLoop"/> drives against the control plane,
/// woken by the <see cref="ReconcileTrigger"/> that watchers and the reconciler are given. An
/// agent's own host adds only what is its own: the adapters to the programs it drives.
/// </summary>
public static class QuantumAgent
{
    /// <summary>
    /// Runs the daemon <paramref name="processName"/> until SIGTERM (<see cref="RunHostAsync"/>),
    /// a configuration or start-up failure turned into one line and an exit code.
    /// </summary>
    public static Task<int> RunAsync<TOptions>(string processName, string[] args, Action<IHostApplicationBuilder, TOptions> addAgent)
        where TOptions : class, IDaemonOptions<TOptions> =>
        QuantumDaemon.RunAsync(processName, () => RunHostAsync(processName, args, addAgent));

    /// <summary>
    /// Loads and validates the options, lets <paramref name="addAgent"/> register the agent, then
    /// runs the host until SIGTERM; its disposal stops what the agent's services hold open.
    /// </summary>
    public static async Task RunHostAsync<TOptions>(string processName, string[] args, Action<IHostApplicationBuilder, TOptions> addAgent)
        where TOptions : class, IDaemonOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(addAgent);
        var builder = Host.CreateApplicationBuilder();
        var options = builder.AddQuantumDaemon<TOptions>(processName, args);
        addAgent(builder, options);
        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Registers the skeleton: the system clock as <see cref="TimeProvider"/>, the
    /// <see cref="ReconcileTrigger"/>, the node's KME client (when the agent has one) and, when
    /// the agent has a control plane, its client for <paramref name="kind"/>, the reconciler
    /// (constructed from the services) as <see cref="IReconciler"/>, the KME's link levels and the
    /// <see cref="ReconcileLoop"/> as a hosted service. Hosted services start in the order they
    /// are registered: an agent adds the loop where it wants it among its own.
    /// </summary>
    public static void AddQuantumAgent<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TReconciler>(
        this IHostApplicationBuilder builder, IAgentOptions options, AgentKind kind)
        where TReconciler : class, IReconciler
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReconcileTrigger>();
        services.TryAddSingleton<IReconcileTrigger>(sp => sp.GetRequiredService<ReconcileTrigger>());
        if (options.Kme is { } kme)
        {
            services.AddSingleton(_ => kme.CreateClient());
        }
        if (options.ControlPlane is not { } controlPlane)
        {
            return;
        }
        services.AddSingleton(_ => ControlPlaneClient.Create(controlPlane, options.Node, kind));
        services.AddSingleton<TReconciler>();
        services.AddSingleton<IReconciler>(sp => sp.GetRequiredService<TReconciler>());
        if (options.Kme is not null)
        {
            services.AddSingleton<KmeLinkLevels>();
        }
        services.AddSingleton(sp => new ReconcileLoop(sp.GetRequiredService<ControlPlaneClient>(), sp.GetRequiredService<IReconciler>(),
            sp.GetRequiredService<ReconcileTrigger>(), sp.GetRequiredService<ILogger<ReconcileLoop>>(), sp.GetService<KmeLinkLevels>()));
        services.AddHostedService(sp => sp.GetRequiredService<ReconcileLoop>());
    }
}
