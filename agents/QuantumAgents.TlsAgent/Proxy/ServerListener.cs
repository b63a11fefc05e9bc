using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using QuantumAgents.OpenSsl;
using QuantumAgents.Sockets;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// The server role's one listener for every session: TLS 1.3 PSK handshake (the key fetched by
/// identity with <c>dec_keys</c> while the handshake waits), the session header, a check that the
/// key's master SAE is the session's client SAE, the session's limits, then a connection to the
/// session's target if this node allows it.
/// </summary>
public sealed partial class ServerListener : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly PskTlsServerContext _tls;
    private readonly TimeSpan _handshakeTimeout;
    private readonly ServedSessions _sessions;
    private readonly TargetResolver _targets;
    private readonly int _maxHandshakesPerSession;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly LiveConnections _handshakes = new();
    private readonly TcpAcceptor _acceptor;
    private long _refusedHandshakes;

    public ServerListener(IPEndPoint endpoint, PskTlsServerContext tls, TimeSpan handshakeTimeout, ServedSessions sessions, TargetResolver targets,
        int maxHandshakesPerSession, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _tls = tls;
        _handshakeTimeout = handshakeTimeout;
        _sessions = sessions;
        _targets = targets;
        _maxHandshakesPerSession = maxHandshakesPerSession;
        _logger = logger;
        _acceptor = new TcpAcceptor(endpoint, "server listener", Admit, _ => { });
    }

    public bool Up => _acceptor.Up;

    public string? DownReason => _acceptor.DownReason;

    /// <summary>Connections reset at accept because the listener already had its handshakes in progress.</summary>
    public long RefusedHandshakes => Interlocked.Read(ref _refusedHandshakes);

    /// <summary>
    /// Handshakes come before the session is known (it is named inside TLS), so their limit is
    /// the node's: what all its sessions' client agents may have in progress, twice over — this
    /// side counts a handshake until it has read the header, a little after the client freed
    /// its slot and may have admitted the next, and an honest client's connection must not be
    /// reset here after it drew its key. One more is reset before its key is fetched.
    /// </summary>
    private int HandshakeLimit => 2 * _maxHandshakesPerSession * Math.Max(1, _sessions.Count);

    private void Admit(Socket accepted)
    {
        if (_handshakes.TryRun(() => ServeAsync(accepted), HandshakeLimit))
        {
            return;
        }
        Interlocked.Increment(ref _refusedHandshakes);
        SocketReset.Reset(accepted);
        LogHandshakesFull(HandshakeLimit);
    }

    private async Task ServeAsync(Socket accepted)
    {
        var peer = accepted.RemoteEndPoint?.ToString() ?? "?";
        accepted.NoDelay = true;
        EpollSocketStream tunnel;
        try
        {
            tunnel = new EpollSocketStream(accepted);
        }
        catch (SocketException e)
        {
            LogRefused(peer, e.Message);
            SocketReset.Reset(accepted);
            return;
        }
        var tls = new PskTlsStream(tunnel);
        ServerSession session;
        try
        {
            using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            handshake.CancelAfter(_handshakeTimeout);
            await tls.AuthenticateAsServerAsync(_tls, handshake.Token).ConfigureAwait(false);
            var id = await SessionHeader.ReadAsync(tls, handshake.Token).ConfigureAwait(false);
            if (!_sessions.TryGet(id, out var found))
            {
                throw new SessionHeaderException($"no session '{id}' on this node");
            }
            if (tls.Identity?.MasterSaeId != found.Work.RemoteSae)
            {
                found.Traffic.Failed($"refused a connection keyed by {tls.Identity?.MasterSaeId}, not by the session's client {found.Work.RemoteSae}");
                throw new SessionHeaderException($"session '{id}' belongs to {found.Work.RemoteSae}, the key to {tls.Identity?.MasterSaeId}");
            }
            session = found;
        }
        catch (Exception e)
        {
            LogRefused(peer, e is OperationCanceledException ? $"no handshake and session header within {_handshakeTimeout.TotalSeconds:0} s" : e.Message);
            tunnel.Abort();
            await tls.DisposeAsync().ConfigureAwait(false);
            return;
        }
        session.Traffic.KeyConsumed();
        if (Admission(session, () => ForwardAsync(session, tunnel, tls)) is { } refused)
        {
            // The client agent keeps the same limits, so this is a peer that does not (or a race at its edge).
            var message = RefusalMessages.Of(refused, session.Work, _maxHandshakesPerSession);
            session.Traffic.Refused(refused, message);
            LogOverLimit(session.Work.Id, peer, message);
            tunnel.Abort();
            await tls.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="forward"/> within the session's limits, or says which one it is over.</summary>
    private static ConnectionRefusal? Admission(ServerSession session, Func<Task> forward)
    {
        if (session.Connections.Count >= session.Work.MaxConnections)
        {
            return ConnectionRefusal.MaxConnections; // checked first: a refused connection costs no token
        }
        if (!session.Budget.TryTake())
        {
            return ConnectionRefusal.RateLimited;
        }
        return session.Connections.TryRun(forward, session.Work.MaxConnections) ? null : ConnectionRefusal.MaxConnections;
    }

    private async Task ForwardAsync(ServerSession session, EpollSocketStream tunnel, PskTlsStream tls)
    {
        EpollSocketStream? target = null;
        var opened = false;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(session.Stopping);
            connect.CancelAfter(ConnectTimeout);
            var checkedTarget = await _targets.ResolveAsync(session.Work.Target, connect.Token).ConfigureAwait(false);
            if (checkedTarget.Refusal is { } refusal)
            {
                // No connection to the target is ever opened. Counted before the reset, like every refusal.
                if (session.TargetRefused(refusal))
                {
                    LogTargetRefused(session.Work.Id, refusal);
                }
                tunnel.Abort();
                return;
            }
            session.TargetAllowed();
            session.Traffic.Opened();
            opened = true;
            target = await ConnectAsync(checkedTarget.Endpoints, tunnel.Loop, connect.Token).ConfigureAwait(false);
            // Not disposed here: a failed pump must reset both sides (below) before anything closes.
            await new ProxiedConnection(target, tunnel, tls, plainIsClientSide: false, session.Traffic).PumpAsync(session.Stopping).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (!session.Stopping.IsCancellationRequested)
            {
                var message = e is OperationCanceledException ? $"target {session.Work.Target}: no connection within {ConnectTimeout.TotalSeconds:0} s"
                    : e is SocketException ? $"target {session.Work.Target}: {e.Message}" : e.Message;
                session.Traffic.Failed(message);
                LogForwardFailed(session.Work.Id, message);
            }
            // Else the session is being deleted: its connections are reset on purpose.
            target?.Abort();
            tunnel.Abort();
        }
        finally
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            target?.Dispose();
            tunnel.Dispose();
            if (opened)
            {
                session.Traffic.Closed();
            }
        }
    }

    /// <summary>
    /// The first of the checked endpoints that answers, on <paramref name="loop"/> (the tunnel's):
    /// the pump between the two never changes threads. Only checked addresses: no second lookup.
    /// </summary>
    private static async Task<EpollSocketStream> ConnectAsync(IReadOnlyList<IPEndPoint> endpoints, EpollLoop loop, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var endpoint in endpoints)
        {
            try
            {
                return await EpollSocketStream.ConnectAsync(endpoint, loop, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _acceptor.DisposeAsync().ConfigureAwait(false);
        await _handshakes.DrainAsync(StopTimeout).ConfigureAwait(false);
    }

    [LoggerMessage(LogLevel.Warning, "refused a TLS connection from {Peer}: {Message}")]
    private partial void LogRefused(string peer, string message);

    // Debug: a flood of refusals must not flood the log; the counts go to the control plane.
    [LoggerMessage(LogLevel.Debug, "refused a TLS connection at accept: {Limit} handshakes already in progress")]
    private partial void LogHandshakesFull(int limit);

    [LoggerMessage(LogLevel.Debug, "session {Session}: connection from {Peer}: {Message}")]
    private partial void LogOverLimit(string session, string peer, string message);

    [LoggerMessage(LogLevel.Warning, "session {Session}: {Reason}; no connection to it was opened")]
    private partial void LogTargetRefused(string session, string reason);

    [LoggerMessage(LogLevel.Warning, "session {Session}: forwarding failed: {Message}")]
    private partial void LogForwardFailed(string session, string message);
}
