using QuantumAgents.Contracts;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Tests.ControlPlane;

namespace QuantumAgents.Core.Tests.Agents;

/// <summary>An agent's options as the skeleton reads them.</summary>
internal sealed record SampleAgentOptions(ControlPlaneClientOptions? ControlPlane, KmeClientOptions? Kme = null) : IAgentOptions
{
    public string Node => "cait";
}

/// <summary>A reconciler built by the skeleton from the services: it is given the trigger and the clock, as a real one is.</summary>
internal sealed class SampleReconciler(ReconcileTrigger trigger, TimeProvider time) : IReconciler
{
    private readonly RecordingReconciler _recording = new();

    public ReconcileTrigger Trigger => trigger;

    public TimeProvider Time => time;

    public AgentStatusRequest Describe() => _recording.Describe();

    public Task<IReadOnlyList<ResourceStatusRequest>> ReconcileAsync(WorkView work, CancellationToken cancellationToken) =>
        _recording.ReconcileAsync(work, cancellationToken);
}
