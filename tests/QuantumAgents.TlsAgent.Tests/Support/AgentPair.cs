using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.OpenSsl;
using QuantumAgents.TlsAgent.Options;
using QuantumAgents.TlsAgent.Proxy;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent.Tests.Support;

/// <summary>
/// Two TLS agents' reconcilers on loopback, cait (client role) and rectorado (server role), with
/// the real OpenSSL between them and <see cref="InMemoryKeyStore"/> as their KMEs. Rectorado's
/// server lookup sits behind its served sessions' guard, as in the agent.
/// </summary>
public sealed class AgentPair : IAsyncDisposable
{
    private readonly PskTlsClientContext _clientTls = new();
    private readonly PskTlsServerContext _serverTls;
    // No loop listens here: the reconcilers' wishes to report are let go.
    private readonly ReconcileTrigger _caitTrigger = new();
    private readonly ReconcileTrigger _rectoradoTrigger = new();
    private long _revision;

    /// <param name="targets">Rectorado's target policy; by default <see cref="LoopbackService"/>.</param>
    /// <param name="resolve">Rectorado's name resolver; by default the system's.</param>
    /// <param name="time">Both agents' clock for the connection budgets; by default the system's.</param>
    /// <param name="maxHandshakesPerSession">By default the most: only the budget tests are about limits.</param>
    public AgentPair(ITargetPolicy? targets = null, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null, TimeProvider? time = null,
        int maxHandshakesPerSession = TlsAgentOptions.MostHandshakesPerSession)
    {
        ServerPort = FreePort();
        var served = new ServedSessions();
        _serverTls = new PskTlsServerContext(served.Guard(Keys.LookupFor("rectorado-tls")));
        var resolver = new TargetResolver(targets ?? new LoopbackService(), resolve ?? Dns.GetHostAddressesAsync);
        time ??= TimeProvider.System;
        Cait = new TlsReconciler(Options("cait", maxHandshakesPerSession), Keys, _clientTls, _serverTls, new ServedSessions(), resolver,
            _caitTrigger, time, NullLoggerFactory.Instance);
        Rectorado = new TlsReconciler(Options("rectorado", maxHandshakesPerSession), Keys, _clientTls, _serverTls, served, resolver,
            _rectoradoTrigger, time, NullLoggerFactory.Instance);
    }

    public InMemoryKeyStore Keys { get; } = new();

    public int ServerPort { get; }

    public TlsReconciler Cait { get; }

    public TlsReconciler Rectorado { get; }

    private TlsAgentOptions Options(string node, int maxHandshakesPerSession) => new()
    {
        Node = node,
        ListenAddress = "127.0.0.1",
        Server = new ServerRoleOptions { Address = "127.0.0.1", Port = ServerPort, HandshakeTimeoutSeconds = 5 },
        MaxHandshakesPerSession = maxHandshakesPerSession,
    };

    // The most new connections per second by default: only the budget tests are about the budget.
    public static TlsSessionWork ClientWork(string id, int listen, string target, string localSae = "cait-tls",
        int maxConnections = TlsSessionWork.DefaultMaxConnections, int connectionsPerSecond = TlsSessionWork.MostConnectionsPerSecond) =>
        new(id, "client", "cait", "rectorado", "127.0.0.1", listen, target, localSae, "rectorado-tls", maxConnections, connectionsPerSecond);

    public static TlsSessionWork ServerWork(string id, int listen, string target, int maxConnections = TlsSessionWork.DefaultMaxConnections,
        int connectionsPerSecond = TlsSessionWork.MostConnectionsPerSecond) =>
        new(id, "server", "rectorado", "cait", "127.0.0.1", listen, target, "rectorado-tls", "cait-tls", maxConnections, connectionsPerSecond);

    /// <summary>Both agents get their side of <paramref name="sessions"/> (client works for cait, server works for rectorado).</summary>
    public async Task<(IReadOnlyList<ResourceStatusRequest> Cait, IReadOnlyList<ResourceStatusRequest> Rectorado)> ApplyAsync(
        IReadOnlyList<TlsSessionWork> cait, IReadOnlyList<TlsSessionWork> rectorado)
    {
        var revision = Interlocked.Increment(ref _revision);
        var c = await Cait.ReconcileAsync(new WorkView(revision, "cait", AgentKind.Tls, null, cait), CancellationToken.None);
        var r = await Rectorado.ReconcileAsync(new WorkView(revision, "rectorado", AgentKind.Tls, null, rectorado), CancellationToken.None);
        return (c, r);
    }

    /// <summary>
    /// Applies the two works until <paramref name="done"/> holds for cait's and rectorado's
    /// reports (connections count on their own threads, after the test's sockets are gone), at most 10 s.
    /// </summary>
    public async Task<(ResourceStatusRequest Cait, ResourceStatusRequest Rectorado)> ApplyUntilAsync(
        TlsSessionWork client, TlsSessionWork server, Func<ResourceStatusRequest, ResourceStatusRequest, bool> done, string what)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var (cait, rectorado) = await ApplyAsync([client], [server]);
            if (done(cait.Single(), rectorado.Single()))
            {
                return (cait.Single(), rectorado.Single());
            }
            Assert.True(DateTime.UtcNow < deadline, $"not within 10 s: {what}");
            await Task.Delay(20);
        }
    }

    public static long Detail(ResourceStatusRequest status, string name) => status.Details!.Value.GetProperty(name).GetInt64();

    public static string? LastError(ResourceStatusRequest status) =>
        status.Details!.Value.TryGetProperty("last_error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null;

    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Cait.DisposeAsync();
        await Rectorado.DisposeAsync();
        _clientTls.Dispose();
        _serverTls.Dispose();
        _caitTrigger.Dispose();
        _rectoradoTrigger.Dispose();
    }
}
