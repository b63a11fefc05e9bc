using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.OpenSsl;
using QuantumAgents.TlsAgent.Options;

namespace QuantumAgents.TlsAgent.Tests.Support;

/// <summary>
/// Two TLS agents' reconcilers on loopback, cait (client role) and rectorado (server role), with
/// the real OpenSSL between them and <see cref="InMemoryKeyStore"/> as their KMEs.
/// </summary>
public sealed class AgentPair : IAsyncDisposable
{
    private readonly PskTlsClientContext _clientTls = new();
    private readonly PskTlsServerContext _serverTls;
    private long _revision;

    public AgentPair()
    {
        ServerPort = FreePort();
        _serverTls = new PskTlsServerContext(Keys.LookupFor("rectorado-tls"));
        Cait = new TlsReconciler(Options("cait"), Keys, _clientTls, _serverTls, NullLoggerFactory.Instance);
        Rectorado = new TlsReconciler(Options("rectorado"), Keys, _clientTls, _serverTls, NullLoggerFactory.Instance);
    }

    public InMemoryKeyStore Keys { get; } = new();

    public int ServerPort { get; }

    public TlsReconciler Cait { get; }

    public TlsReconciler Rectorado { get; }

    private TlsAgentOptions Options(string node) => new()
    {
        Node = node,
        ListenAddress = "127.0.0.1",
        Server = new ServerRoleOptions { Address = "127.0.0.1", Port = ServerPort, HandshakeTimeoutSeconds = 5 },
    };

    public static TlsSessionWork ClientWork(string id, int listen, string target, string localSae = "cait-tls",
        int maxConnections = TlsSessionWork.DefaultMaxConnections) =>
        new(id, "client", "cait", "rectorado", "127.0.0.1", listen, target, localSae, "rectorado-tls", maxConnections);

    public static TlsSessionWork ServerWork(string id, int listen, string target, int maxConnections = TlsSessionWork.DefaultMaxConnections) =>
        new(id, "server", "rectorado", "cait", "127.0.0.1", listen, target, "rectorado-tls", "cait-tls", maxConnections);

    /// <summary>Both agents get their side of <paramref name="sessions"/> (client works for cait, server works for rectorado).</summary>
    public async Task<(IReadOnlyList<ResourceStatusRequest> Cait, IReadOnlyList<ResourceStatusRequest> Rectorado)> ApplyAsync(
        IReadOnlyList<TlsSessionWork> cait, IReadOnlyList<TlsSessionWork> rectorado)
    {
        var revision = Interlocked.Increment(ref _revision);
        var c = await Cait.ReconcileAsync(new WorkView(revision, "cait", "tls", null, cait), CancellationToken.None);
        var r = await Rectorado.ReconcileAsync(new WorkView(revision, "rectorado", "tls", null, rectorado), CancellationToken.None);
        return (c, r);
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
    }
}
