using QuantumAgents.Contracts;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent.Planning;

/// <summary>The reconciler's diff: desired sessions (the work) against running ones. Pure.</summary>
public static class SessionPlan
{
    public const string ClientRole = "client";
    public const string ServerRole = "server";

    /// <summary>
    /// A session whose work changed, or whose listener is down (the port was taken), is stopped
    /// and started again: level-triggered, so a pass retries what failed before. Running it on
    /// its own result changes nothing.
    /// </summary>
    /// <param name="refusedTargets">
    /// Targets this node refuses to connect to, with the reason (found by the caller, which reads
    /// the node's addresses): a server-role session for one is refused, and stopped if it ran.
    /// </param>
    public static SessionChanges Diff(string node, IReadOnlyList<TlsSessionWork> desired, IReadOnlyDictionary<string, RunningSession> running,
        IReadOnlyDictionary<string, string>? refusedTargets = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(running);
        refusedTargets ??= new Dictionary<string, string>();
        var stop = new List<string>();
        var start = new List<TlsSessionWork>();
        var refused = new List<(TlsSessionWork, string)>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var work in desired)
        {
            if (RefusalOf(node, work, refusedTargets) is { } reason)
            {
                refused.Add((work, reason));
                continue;
            }
            if (!wanted.Add(work.Id))
            {
                continue;
            }
            if (running.TryGetValue(work.Id, out var current))
            {
                if (current.Work == work && current.Up)
                {
                    continue;
                }
                stop.Add(work.Id);
            }
            start.Add(work);
        }
        stop.AddRange(running.Keys.Where(id => !wanted.Contains(id)).Order(StringComparer.Ordinal));
        var serveTls = desired.Any(w => w.Role == ServerRole && RefusalOf(node, w, refusedTargets) is null);
        return new SessionChanges(stop, start, refused, serveTls);
    }

    private static string? RefusalOf(string node, TlsSessionWork work, IReadOnlyDictionary<string, string> refusedTargets) =>
        work.Role is not (ClientRole or ServerRole) ? $"unknown role '{work.Role}' (client or server)"
        : work.LocalNode != node ? $"the session is for node '{work.LocalNode}', this agent runs on '{node}'"
        : work.Role == ClientRole && work.Listen is < 1 or > 65535 ? $"listen port {work.Listen} is out of range"
        : work.Role == ServerRole && !HostPort.TryParse(work.Target, out _, out _) ? $"target '{work.Target}' is not HOST:PORT"
        : work.MaxConnections is < 1 or > TlsSessionWork.MostConnections ? $"max_connections {work.MaxConnections} is outside 1..{TlsSessionWork.MostConnections}"
        : work.ConnectionsPerSecond is < 1 or > TlsSessionWork.MostConnectionsPerSecond
            ? $"connections_per_second {work.ConnectionsPerSecond} is outside 1..{TlsSessionWork.MostConnectionsPerSecond}"
        : work.Role == ServerRole && refusedTargets.TryGetValue(work.Target, out var refusal) ? refusal
        : null;
}
