using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.Agents;

/// <summary>What the agent skeleton (<see cref="QuantumAgent"/>) reads from an agent's options.</summary>
public interface IAgentOptions
{
    /// <summary>The node this agent reports as.</summary>
    string Node { get; }

    /// <summary>The control plane to take work from; null runs the agent without one (no reconcile loop).</summary>
    ControlPlaneClientOptions? ControlPlane { get; }

    /// <summary>The node's KME, for an agent that draws keys; null for one that does not.</summary>
    KmeClientOptions? Kme { get; }
}
