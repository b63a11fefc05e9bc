using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.IpsecAgent.Boundaries;

namespace QuantumAgents.IpsecAgent;

/// <summary>The tunnels the agent refuses because their subnets reach this node's infrastructure.</summary>
public sealed partial class IpsecReconciler
{
    private readonly RefusalMemory _refusals = new();

    /// <summary>The refused tunnels of the work and why, by tunnel id; each logged the first time only.</summary>
    private SortedDictionary<string, string> Refusals(IEnumerable<TunnelWork> work)
    {
        var refused = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tunnel in work)
        {
            if (_boundaries.Refusal(tunnel) is { } reason)
            {
                refused[tunnel.Id] = reason;
            }
        }
        // Only the reconcile loop gets here, one pass at a time: the memory needs no lock.
        foreach (var id in _refusals.Unannounced(refused.Keys))
        {
            LogRefused(id, refused[id]);
        }
        return refused;
    }

    [LoggerMessage(LogLevel.Warning, "refusing tunnel {TunnelId}: {Reason}; nothing is loaded into charon and no key is taken for it")]
    private partial void LogRefused(string tunnelId, string reason);
}
