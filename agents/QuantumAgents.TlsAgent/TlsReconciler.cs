using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.OpenSsl;
using QuantumAgents.TlsAgent.Kme;
using QuantumAgents.TlsAgent.Options;
using QuantumAgents.TlsAgent.Planning;
using QuantumAgents.TlsAgent.Proxy;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent;

/// <summary>
/// Makes the running listeners match the node's TLS sessions: the diff is <see cref="SessionPlan"/>;
/// applying it opens and closes client listeners, the shared server listener and the server
/// sessions' table, and deleting a session resets its connections. A server-role session whose
/// target is an address this node refuses is failed at once; a name is checked per connection.
/// </summary>
/// <param name="served">The server sessions' table, shared with the PSK lookup's guard (<see cref="ServedSessions.Guard"/>).</param>
/// <param name="trigger">Told, at most once a second, that a session's counters changed: reported soon.</param>
/// <param name="time">The clock of the sessions' connection budgets and of those reports.</param>
public sealed partial class TlsReconciler(
    TlsAgentOptions options, IPskKeySource keys, PskTlsClientContext clientTls, PskTlsServerContext serverTls, ServedSessions served,
    TargetResolver targets, IReconcileTrigger trigger, TimeProvider time, ILoggerFactory loggers)
    : IReconciler, IAsyncDisposable
{
    private static readonly string Version = AgentVersion.Of(typeof(TlsReconciler));

    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = loggers.CreateLogger<TlsReconciler>();
    private readonly ReportThrottle _countersChanged = new(trigger.NudgeToReport, ReportInterval, time);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, IProxySession> _running = new(StringComparer.Ordinal);
    private ServerListener? _listener;

    // Refused sessions as last logged: a refusal is worth a warning when it is new, not at every pass.
    private Dictionary<string, string> _refusedLogged = new(StringComparer.Ordinal);

    public AgentStatusRequest Describe() => new()
    {
        Version = Version,
        Facts = new Dictionary<string, string>
        {
            ["server_endpoint"] = $"{options.Server.Address}:{options.Server.Port.ToString(CultureInfo.InvariantCulture)}",
            ["sae"] = options.SaeId,
            ["server_refused_handshakes"] = (_listener?.RefusedHandshakes ?? 0).ToString(CultureInfo.InvariantCulture),
        },
    };

    public async Task<IReadOnlyList<ResourceStatusRequest>> ReconcileAsync(WorkView work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var running = _running.ToDictionary(r => r.Key, r => new RunningSession(r.Value.Work, r.Value.Up), StringComparer.Ordinal);
            var desired = work.Sessions ?? [];
            var changes = SessionPlan.Diff(options.Node, desired, running, RefusedTargets(desired));
            foreach (var id in changes.Stop)
            {
                await StopAsync(id).ConfigureAwait(false);
            }
            await ApplyServerListenerAsync(changes.ServeTls).ConfigureAwait(false);
            foreach (var session in changes.Start)
            {
                Start(session);
            }
            LogNewRefusals(changes.Refused);
            return [.. _running.Values.Select(StatusOf), .. changes.Refused.Select(r => Refused(r.Work, r.Reason))];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The server-role targets given as addresses that this node refuses now, with the reason (its addresses are read now).</summary>
    private Dictionary<string, string> RefusedTargets(IReadOnlyList<TlsSessionWork> desired)
    {
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var target in desired.Where(w => w.Role == SessionPlan.ServerRole && w.LocalNode == options.Node).Select(w => w.Target).Distinct())
        {
            if (targets.RefusalOfAddress(target) is { } reason)
            {
                refused[target] = reason;
            }
        }
        return refused;
    }

    private void LogNewRefusals(IReadOnlyList<(TlsSessionWork Work, string Reason)> refused)
    {
        var now = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (work, reason) in refused)
        {
            if (!_refusedLogged.TryGetValue(work.Id, out var before) || before != reason)
            {
                LogRefusedSession(work.Id, work.Role, reason);
            }
            now[work.Id] = reason;
        }
        _refusedLogged = now;
    }

    private async Task ApplyServerListenerAsync(bool wanted)
    {
        if (wanted && _listener is { Up: true })
        {
            return;
        }
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
            _listener = null;
        }
        if (wanted)
        {
            var endpoint = new IPEndPoint(IPAddress.Parse(options.Server.Address), options.Server.Port);
            _listener = new ServerListener(endpoint, serverTls, TimeSpan.FromSeconds(options.Server.HandshakeTimeoutSeconds), served, targets,
                options.MaxHandshakesPerSession, loggers.CreateLogger<ServerListener>());
            LogServerListener(endpoint.ToString(), _listener.DownReason ?? "listening");
        }
    }

    private void Start(TlsSessionWork work)
    {
        IProxySession session;
        if (work.Role == SessionPlan.ClientRole)
        {
            session = new ClientSession(work, IPAddress.Parse(options.ListenAddress), options.Server.Port, keys, clientTls,
                options.MaxHandshakesPerSession, time, loggers.CreateLogger<ClientSession>());
        }
        else
        {
            var serving = new ServerSession(work, () => _listener, time);
            served.Add(serving);
            session = serving;
        }
        session.Traffic.Changed += _countersChanged.Signal;
        _running[work.Id] = session;
        LogStarted(work.Id, work.Role, work.Role == SessionPlan.ClientRole ? $"port {work.Listen}" : work.Target, session.DownReason ?? "up");
    }

    private async Task StopAsync(string id)
    {
        if (!_running.Remove(id, out var session))
        {
            return;
        }
        served.Remove(id);
        await session.DisposeAsync().ConfigureAwait(false);
        if (session.LiveConnectionCount > 0)
        {
            LogStoppedWithLeftovers(id, session.LiveConnectionCount);
        }
        else
        {
            LogStopped(id);
        }
    }

    private static ResourceStatusRequest StatusOf(IProxySession session)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["role"] = session.Work.Role };
        return new ResourceStatusRequest
        {
            Id = session.Work.Id,
            State = session.Up && session.Refusal is null ? ResourceState.Established : ResourceState.Failed,
            Reason = session.Up ? session.Refusal : session.DownReason,
            Details = session.Traffic.ToDetails(extra),
        };
    }

    private static ResourceStatusRequest Refused(TlsSessionWork work, string reason) =>
        new() { Id = work.Id, State = ResourceState.Failed, Reason = reason };

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var id in _running.Keys.ToList())
            {
                await StopAsync(id).ConfigureAwait(false);
            }
            await ApplyServerListenerAsync(wanted: false).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(LogLevel.Information, "session {Session} ({Role}, {Where}): {State}")]
    private partial void LogStarted(string session, string role, string where, string state);

    [LoggerMessage(LogLevel.Warning, "session {Session} ({Role}) refused: {Reason}")]
    private partial void LogRefusedSession(string session, string role, string reason);

    [LoggerMessage(LogLevel.Information, "session {Session} stopped, its connections closed")]
    private partial void LogStopped(string session);

    [LoggerMessage(LogLevel.Warning, "session {Session} stopped, but {Left} of its connections did not close in time")]
    private partial void LogStoppedWithLeftovers(string session, int left);

    [LoggerMessage(LogLevel.Information, "server listener {Endpoint}: {State}")]
    private partial void LogServerListener(string endpoint, string state);
}
