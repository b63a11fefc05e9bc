using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Limits;
using QuantumAgents.OpenSsl;
using QuantumAgents.Sockets;
using QuantumAgents.TlsAgent.Budget;
using QuantumAgents.TlsAgent.Kme;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// The client role of a session: listens on the session's port; every accepted connection gets
/// a fresh key from the KME, a TLS 1.3 PSK connection to the server node's agent with
/// <c>&lt;local_sae&gt;/&lt;key_ID&gt;</c> as identity, the session header, and then the bytes.
/// A connection over the session's limits (carried at once, handshakes in progress, new ones per
/// second) is reset at accept, before it asks the KME for a key: the key budget holds here.
/// </summary>
public sealed partial class ClientSession : IProxySession
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly IPskKeySource _keys;
    private readonly PskTlsClientContext _tls;
    private readonly int _serverPort;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly LiveConnections _connections = new();
    private readonly TokenBucket _budget;
    private readonly HandshakeSlots _handshakes;
    private readonly TcpAcceptor _acceptor;

    public ClientSession(TlsSessionWork work, IPAddress listenAddress, int serverPort, IPskKeySource keys, PskTlsClientContext tls,
        int maxHandshakes, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(listenAddress);
        Work = work;
        _keys = keys;
        _tls = tls;
        _serverPort = serverPort;
        _logger = logger;
        _budget = new TokenBucket(work.ConnectionsPerSecond, work.ConnectionsPerSecond, time);
        _handshakes = new HandshakeSlots(maxHandshakes);
        _acceptor = new TcpAcceptor(new IPEndPoint(listenAddress, work.Listen), $"listener on port {work.Listen}",
            Admit, Traffic.Failed);
    }

    public TlsSessionWork Work { get; }

    public SessionTraffic Traffic { get; } = new();

    public bool Up => _acceptor.Up;

    public string? DownReason => _acceptor.DownReason;

    public string? Refusal => null;

    public int LiveConnectionCount => _connections.Count;

    /// <summary>Over any of the session's limits a connection is reset at once, before it costs a key: nothing queues without bound.</summary>
    private void Admit(Socket accepted)
    {
        if (Admission(accepted) is not { } refused)
        {
            return;
        }
        // Counted before the reset: whoever sees the reset also sees the count.
        var message = RefusalMessages.Of(refused, Work, _handshakes.Limit);
        Traffic.Refused(refused, message);
        SocketReset.Reset(accepted);
        LogRefused(Work.Id, message);
    }

    /// <summary>
    /// Starts serving <paramref name="accepted"/> within the limits, or says which one it is
    /// over. The checks that take nothing come first, the bucket last: a connection refused for
    /// another reason costs no token.
    /// </summary>
    private ConnectionRefusal? Admission(Socket accepted)
    {
        if (_connections.Count >= Work.MaxConnections)
        {
            return ConnectionRefusal.MaxConnections;
        }
        if (!_handshakes.TryEnter())
        {
            return ConnectionRefusal.HandshakeLimited;
        }
        if (!_budget.TryTake())
        {
            _handshakes.Exit();
            return ConnectionRefusal.RateLimited;
        }
        if (!_connections.TryRun(() => ServeAsync(accepted), Work.MaxConnections))
        {
            _handshakes.Exit();
            return ConnectionRefusal.MaxConnections;
        }
        return null;
    }

    /// <summary>Serves one admitted connection; it holds a handshake slot until its TLS is keyed and the header sent.</summary>
    private async Task ServeAsync(Socket accepted)
    {
        var handshaking = true;
        Traffic.Opened();
        EpollSocketStream? plain = null;
        EpollSocketStream? tunnel = null;
        PskTlsStream? tls = null;
        try
        {
            accepted.NoDelay = true;
            plain = new EpollSocketStream(accepted);
            var psk = await _keys.TakeAsync(Work.LocalSae, Work.RemoteSae, _stopping.Token).ConfigureAwait(false);
            Traffic.KeyConsumed();
            var identity = psk.Identity;
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                connectTimeout.CancelAfter(ConnectTimeout);
                try
                {
                    // On the plain connection's loop: the pump between the two never changes threads.
                    tunnel = await EpollSocketStream.ConnectAsync(Work.RemoteAddress, _serverPort, plain.Loop, connectTimeout.Token).ConfigureAwait(false);
                    tls = new PskTlsStream(tunnel);
                    // The stream owns the key from here and zeroes it when the handshake ends.
                    await tls.AuthenticateAsClientAsync(_tls, identity, psk.Key, connectTimeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    psk.Dispose();
                }
                await tls.WriteAsync(SessionHeader.Encode(Work.Id), connectTimeout.Token).ConfigureAwait(false);
            }
            handshaking = false;
            _handshakes.Exit();
            LogConnected(Work.Id, identity.KeyId);
            using var connection = new ProxiedConnection(plain, tunnel, tls, plainIsClientSide: true, Traffic);
            await connection.PumpAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (!_stopping.IsCancellationRequested)
            {
                var message = Describe(e);
                Traffic.Failed(message);
                LogConnectionFailed(Work.Id, message);
            }
            // Else the session is being deleted: its connections are reset on purpose.
            if (plain is null)
            {
                SocketReset.Reset(accepted); // the stream would own it, but was never made
            }
            plain?.Abort();
            tunnel?.Abort();
        }
        finally
        {
            if (handshaking)
            {
                _handshakes.Exit();
            }
            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }
            plain?.Dispose();
            tunnel?.Dispose();
            Traffic.Closed();
        }
    }

    private string Describe(Exception e) => e switch
    {
        OperationCanceledException => $"no TLS connection to {Work.RemoteNode} ({Work.RemoteAddress}:{_serverPort}) within {ConnectTimeout.TotalSeconds:0} s",
        SocketException s => $"{Work.RemoteNode} ({Work.RemoteAddress}:{_serverPort}): {s.Message}",
        _ => e.Message,
    };

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _acceptor.DisposeAsync().ConfigureAwait(false);
        await _connections.DrainAsync(StopTimeout).ConfigureAwait(false);
        if (_connections.Count == 0)
        {
            _stopping.Dispose();
        }
    }

    [LoggerMessage(LogLevel.Debug, "session {Session}: connection keyed by key_ID {KeyId}")]
    private partial void LogConnected(string session, string keyId);

    // Debug: a flood of refusals must not flood the log; the counts and last_error go to the control plane.
    [LoggerMessage(LogLevel.Debug, "session {Session}: {Message}")]
    private partial void LogRefused(string session, string message);

    [LoggerMessage(LogLevel.Warning, "session {Session}: connection failed: {Message}")]
    private partial void LogConnectionFailed(string session, string message);
}
