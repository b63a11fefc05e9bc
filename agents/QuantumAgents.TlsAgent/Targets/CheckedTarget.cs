using System.Net;

namespace QuantumAgents.TlsAgent.Targets;

/// <summary>A session's target after the check: the endpoints the agent may connect to, or why none.</summary>
public sealed record CheckedTarget(IReadOnlyList<IPEndPoint> Endpoints, string? Refusal)
{
    public static CheckedTarget Refused(string reason) => new([], reason);
}
