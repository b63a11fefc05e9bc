using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using QuantumAgents.Core.Sockets;
using QuantumAgents.OpenSsl;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// The server role's one listener for every session: TLS 1.3 PSK handshake (the key fetched by
/// identity with <c>dec_keys</c> while the handshake waits), the session header, a check that the
/// key's master SAE is the session's client SAE, then a connection to the session's target.
/// </summary>
public sealed partial class ServerListener : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly PskTlsServerContext _tls;
    private readonly TimeSpan _handshakeTimeout;
    private readonly ConcurrentDictionary<string, ServerSession> _sessions;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly LiveConnections _handshakes = new();
    private readonly TcpAcceptor _acceptor;

    public ServerListener(IPEndPoint endpoint, PskTlsServerContext tls, TimeSpan handshakeTimeout, ConcurrentDictionary<string, ServerSession> sessions, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _tls = tls;
        _handshakeTimeout = handshakeTimeout;
        _sessions = sessions;
        _logger = logger;
        _acceptor = new TcpAcceptor(endpoint, "server listener", accepted => _handshakes.Run(() => ServeAsync(accepted)), _ => { });
    }

    public bool Up => _acceptor.Up;

    public string? DownReason => _acceptor.DownReason;

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
            if (!_sessions.TryGetValue(id, out var found))
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
        if (!session.Connections.TryRun(() => ForwardAsync(session, tunnel, tls), session.Work.MaxConnections))
        {
            // The client agent keeps the same limit, so this is a peer that does not (or a race at its edge).
            session.Traffic.Refused(session.Work.MaxConnections);
            LogOverLimit(session.Work.Id, peer, session.Work.MaxConnections);
            tunnel.Abort();
            await tls.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ForwardAsync(ServerSession session, EpollSocketStream tunnel, PskTlsStream tls)
    {
        session.Traffic.Opened();
        EpollSocketStream? target = null;
        try
        {
            target = await ConnectToTargetAsync(session, tunnel.Loop).ConfigureAwait(false);
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
            session.Traffic.Closed();
        }
    }

    /// <summary>The session's target, on <paramref name="loop"/> (the tunnel's): the pump between the two never changes threads.</summary>
    private static async Task<EpollSocketStream> ConnectToTargetAsync(ServerSession session, EpollLoop loop)
    {
        if (!HostPort.TryParse(session.Work.Target, out var host, out var port))
        {
            throw new InvalidOperationException($"target '{session.Work.Target}' is not HOST:PORT");
        }
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(session.Stopping);
        connect.CancelAfter(ConnectTimeout);
        return await EpollSocketStream.ConnectAsync(host, port, loop, connect.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _acceptor.DisposeAsync().ConfigureAwait(false);
        await _handshakes.DrainAsync(StopTimeout).ConfigureAwait(false);
    }

    [LoggerMessage(LogLevel.Warning, "refused a TLS connection from {Peer}: {Message}")]
    private partial void LogRefused(string peer, string message);

    [LoggerMessage(LogLevel.Debug, "session {Session}: refused a connection from {Peer} over its max_connections ({Limit})")]
    private partial void LogOverLimit(string session, string peer, int limit);

    [LoggerMessage(LogLevel.Warning, "session {Session}: forwarding failed: {Message}")]
    private partial void LogForwardFailed(string session, string message);
}
