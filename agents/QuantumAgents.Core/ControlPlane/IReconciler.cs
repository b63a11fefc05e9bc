using QuantumAgents.Contracts;

namespace QuantumAgents.Core.ControlPlane;

/// <summary>
/// What an agent does with its work: make the real system (charon, listeners, /dev/qrng) match
/// it, level-triggered and idempotent, and say what each resource is now.
/// </summary>
public interface IReconciler
{
    /// <summary>The agent's version and facts for its heartbeat (program versions, link levels).</summary>
    AgentStatusRequest Describe();

    /// <summary>
    /// Applies <paramref name="work"/> and returns the status of every resource the agent has
    /// afterwards (a resource not listed is released). Called on every change, after a restart
    /// and periodically, so running it twice must change nothing the second time.
    /// </summary>
    Task<IReadOnlyList<ResourceStatusRequest>> ReconcileAsync(WorkView work, CancellationToken cancellationToken);
}
