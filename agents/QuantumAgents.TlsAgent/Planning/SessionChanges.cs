using QuantumAgents.Contracts;

namespace QuantumAgents.TlsAgent.Planning;

/// <summary>
/// What one reconcile pass does: sessions to stop (first), sessions to start, sessions the agent
/// cannot run (with the reason it reports), and whether the shared server listener is needed.
/// </summary>
public sealed record SessionChanges(
    IReadOnlyList<string> Stop,
    IReadOnlyList<TlsSessionWork> Start,
    IReadOnlyList<(TlsSessionWork Work, string Reason)> Refused,
    bool ServeTls)
{
    public bool IsEmpty => Stop.Count == 0 && Start.Count == 0;
}
