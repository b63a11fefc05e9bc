using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Tests.ControlPlane;

namespace QuantumAgents.Core.Tests.Agents;

/// <summary>The agent skeleton: what a host built with it holds, and its loop woken through the trigger the agent's services are given.</summary>
public sealed class QuantumAgentTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("qa-agent-skeleton-");

    [Fact]
    public void A_host_built_with_the_skeleton_resolves_the_loop_the_reconciler_and_the_trigger_they_share()
    {
        using var host = Build(new SampleAgentOptions(ControlPlane()));

        var loop = host.Services.GetRequiredService<ReconcileLoop>();
        var reconciler = host.Services.GetRequiredService<SampleReconciler>();
        Assert.Same(reconciler, host.Services.GetRequiredService<IReconciler>());
        Assert.Same(host.Services.GetRequiredService<ReconcileTrigger>(), reconciler.Trigger);
        Assert.Same(TimeProvider.System, reconciler.Time);
        Assert.Contains(loop, host.Services.GetServices<IHostedService>());
        var client = host.Services.GetRequiredService<ControlPlaneClient>();
        Assert.Equal(("cait", AgentKind.Ipsec), (client.Node, client.Kind));
        Assert.Null(host.Services.GetService<KmeLinkLevels>());
    }

    [Fact]
    public void Without_a_control_plane_the_agent_runs_no_loop_and_its_services_may_still_nudge()
    {
        using var host = Build(new SampleAgentOptions(ControlPlane: null));

        Assert.Null(host.Services.GetService<ReconcileLoop>());
        Assert.Null(host.Services.GetService<IReconciler>());
        Assert.Null(host.Services.GetService<ControlPlaneClient>());
        Assert.Empty(host.Services.GetServices<IHostedService>());
        host.Services.GetRequiredService<ReconcileTrigger>().Nudge();
    }

    [Fact]
    public void An_agent_with_a_KME_gets_its_client_and_reports_its_link_levels()
    {
        var builder = Builder();
        builder.AddQuantumAgent<SampleReconciler>(new SampleAgentOptions(ControlPlane(), new KmeClientOptions()), AgentKind.Ipsec);

        Assert.Contains(builder.Services, s => s.ServiceType == typeof(Etsi014Client));
        Assert.Contains(builder.Services, s => s.ServiceType == typeof(KmeLinkLevels));
    }

    [Fact]
    public async Task The_trigger_the_agents_services_are_given_wakes_the_running_loop()
    {
        using var controlPlane = new ScriptedControlPlane();
        var builder = Builder();
        builder.AddQuantumAgent<SampleReconciler>(new SampleAgentOptions(ControlPlane()), AgentKind.Ipsec);
        builder.Services.AddSingleton(_ => controlPlane.Client());
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            Assert.Equal(1, RecordingReconciler.RevisionOf(controlPlane.NextReport()));
            controlPlane.Revision = 2;

            // The long poll never answers: only the nudge can bring the new work.
            host.Services.GetRequiredService<SampleReconciler>().Trigger.Nudge();

            Assert.Equal(2, RecordingReconciler.RevisionOf(controlPlane.NextReport()));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static IHost Build(SampleAgentOptions options)
    {
        var builder = Builder();
        builder.AddQuantumAgent<SampleReconciler>(options, AgentKind.Ipsec);
        return builder.Build();
    }

    private static HostApplicationBuilder Builder() => Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

    private ControlPlaneClientOptions ControlPlane()
    {
        var token = Path.Combine(_directory.FullName, "node.token");
        File.WriteAllText(token, "token");
        return new ControlPlaneClientOptions { Url = "http://127.0.0.1:9/", TokenFile = token };
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
