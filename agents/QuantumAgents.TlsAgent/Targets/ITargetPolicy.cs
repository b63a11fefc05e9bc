using System.Net;

namespace QuantumAgents.TlsAgent.Targets;

/// <summary>Which addresses a server-role session may connect to: the seam tests replace to reach a loopback service.</summary>
public interface ITargetPolicy
{
    /// <summary>Why the agent must not connect to <paramref name="target"/>, one line naming it; null when it may.</summary>
    string? RefusalOf(IPEndPoint target);
}
