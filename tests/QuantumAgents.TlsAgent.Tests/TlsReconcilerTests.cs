using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.TlsAgent.Tests.Support;
using static QuantumAgents.TlsAgent.Tests.Support.LoopbackClient;

namespace QuantumAgents.TlsAgent.Tests;

/// <summary>
/// The reconciler applied for real: listeners on loopback, TLS 1.3 PSK through the system
/// OpenSSL between two agents, an echo service behind the server agent.
/// </summary>
public sealed class TlsReconcilerTests : IAsyncDisposable
{
    private readonly AgentPair _agents = new();
    private readonly EchoTarget _target = new();

    public async ValueTask DisposeAsync()
    {
        await _agents.DisposeAsync();
        _target.Dispose();
    }

    [Fact]
    public async Task Parallel_connections_each_take_their_own_key_and_carry_bytes_both_ways_byte_exact_through_a_half_close()
    {
        const int Connections = 20;
        const int Bytes = 256 * 1024;
        var listen = AgentPair.FreePort();
        var (cait, rectorado) = await ApplyAsync("tls-echo", listen);
        Assert.Equal(("established", "established"), (cait.Single().State?.Name(), rectorado.Single().State?.Name()));

        var results = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => RoundTripAsync(listen, RandomNumberGenerator.GetBytes(Bytes))));

        Assert.All(results, r => Assert.Equal(r.SentHash, r.EchoedHash));
        Assert.Equal(Connections, _agents.Keys.Issued.Distinct().Count());
        Assert.Equal(_agents.Keys.Issued.Order(), _agents.Keys.Redeemed.Order());
        var (client, server) = await ApplyAsync("tls-echo", listen);
        await WaitForClosedAsync("tls-echo", listen);
        (client, server) = await ApplyAsync("tls-echo", listen);
        foreach (var status in new[] { client.Single(), server.Single() })
        {
            Assert.Equal((0L, (long)Connections, (long)Connections), (AgentPair.Detail(status, "connections_open"),
                AgentPair.Detail(status, "connections_total"), AgentPair.Detail(status, "keys_consumed")));
            Assert.Equal(((long)Connections * Bytes, (long)Connections * Bytes),
                (AgentPair.Detail(status, "bytes_to_server"), AgentPair.Detail(status, "bytes_to_client")));
            Assert.Null(AgentPair.LastError(status));
        }
    }

    [Fact]
    public async Task Deleting_the_session_resets_its_open_connection_and_closes_its_listener()
    {
        var listen = AgentPair.FreePort();
        await ApplyAsync("tls-gone", listen);
        using var open = await ConnectAsync(listen);
        await open.SendAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await ReceiveExactlyAsync(open, 4));

        var (cait, rectorado) = await _agents.ApplyAsync([], []);

        Assert.Empty(cait);
        Assert.Empty(rectorado);
        var ended = await ReadToEndOrResetAsync(open).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, ended);
        var refused = await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(listen));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task A_taken_port_fails_the_session_with_the_reason_and_the_next_pass_listens_once_it_is_free()
    {
        var listen = AgentPair.FreePort();
        var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, listen));
        squatter.Listen();

        var (taken, _) = await ApplyAsync("tls-port", listen);
        squatter.Dispose();
        var (retried, _) = await ApplyAsync("tls-port", listen);

        Assert.Equal("failed", taken.Single().State?.Name());
        Assert.Contains($"cannot listen on 127.0.0.1:{listen}", taken.Single().Reason, StringComparison.Ordinal);
        Assert.Equal("established", retried.Single().State?.Name());
        var echoed = await RoundTripAsync(listen, "after the retry"u8.ToArray());
        Assert.Equal(echoed.SentHash, echoed.EchoedHash);
    }

    [Fact]
    public async Task The_server_agent_refuses_a_key_taken_by_an_SAE_other_than_the_sessions_client()
    {
        var listen = AgentPair.FreePort();
        var impostor = AgentPair.ClientWork("tls-sae", listen, _target.Endpoint, localSae: "ccs-tls");
        // ccs-tls has a session of its own on rectorado, so its key is fetched: the session header names another's.
        IReadOnlyList<Contracts.TlsSessionWork> served =
            [AgentPair.ServerWork("tls-sae", listen, _target.Endpoint), AgentPair.ServerWork("tls-ccs", 1, _target.Endpoint) with { RemoteSae = "ccs-tls" }];
        await _agents.ApplyAsync([impostor], served);

        await ConnectUntilClosedAsync(listen, "hello"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(10));

        var (_, rectorado) = await _agents.ApplyAsync([impostor], served);
        Assert.Contains("keyed by ccs-tls, not by the session's client cait-tls", AgentPair.LastError(rectorado.Single(s => s.Id == "tls-sae")),
            StringComparison.Ordinal);
        Assert.Equal(0, _target.Accepted);
    }

    [Fact]
    public async Task A_key_of_an_SAE_with_no_session_on_the_server_node_is_refused_before_the_server_fetches_it()
    {
        var listen = AgentPair.FreePort();
        var impostor = AgentPair.ClientWork("tls-sae", listen, _target.Endpoint, localSae: "ccs-tls");
        await _agents.ApplyAsync([impostor], [AgentPair.ServerWork("tls-sae", listen, _target.Endpoint)]);

        await ConnectUntilClosedAsync(listen, "hello"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(_agents.Keys.Issued);
        Assert.Empty(_agents.Keys.Redeemed);
        Assert.Equal(0, _target.Accepted);
    }

    [Fact]
    public async Task Without_a_key_from_the_KME_a_new_connection_is_reset_and_the_session_names_the_error()
    {
        var listen = AgentPair.FreePort();
        await ApplyAsync("tls-nokme", listen);
        _agents.Keys.Failure = new KmeUnreachableException(new Uri("https://198.18.255.1:8443"), "connection refused");

        await ConnectUntilClosedAsync(listen, []).WaitAsync(TimeSpan.FromSeconds(10));

        var (cait, _) = await ApplyAsync("tls-nokme", listen);
        Assert.Equal("established", cait.Single().State?.Name());
        Assert.Equal("KME https://198.18.255.1:8443/ unreachable: connection refused", AgentPair.LastError(cait.Single()));
        Assert.Equal(0, AgentPair.Detail(cait.Single(), "keys_consumed"));
    }

    [Fact]
    public async Task Over_its_max_connections_the_client_agent_resets_a_new_connection_at_once_without_taking_a_key()
    {
        var listen = AgentPair.FreePort();
        var client = AgentPair.ClientWork("tls-limit", listen, _target.Endpoint, maxConnections: 2);
        var server = AgentPair.ServerWork("tls-limit", listen, _target.Endpoint, maxConnections: 2);
        await _agents.ApplyAsync([client], [server]);
        using var first = await EchoedConnectionAsync(listen);
        using var second = await EchoedConnectionAsync(listen);

        // An admitted connection would echo and stay open, and this would time out.
        await ConnectUntilClosedAsync(listen, "over"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(10));

        var (cait, _) = await _agents.ApplyAsync([client], [server]);
        Assert.Equal((1L, 2L, 2L), (AgentPair.Detail(cait.Single(), "connections_refused"), AgentPair.Detail(cait.Single(), "keys_consumed"),
            AgentPair.Detail(cait.Single(), "connections_open")));
        Assert.Equal("refused a connection: the session already carries its max_connections (2)", AgentPair.LastError(cait.Single()));
        Assert.Equal(2, _agents.Keys.Issued.Count);

        first.Shutdown(SocketShutdown.Send);
        await ReadToEndOrResetAsync(first);
        await WaitForOpenAsync(client, server, 1);
        using var fourth = await EchoedConnectionAsync(listen);
    }

    [Fact]
    public async Task Over_its_max_connections_the_server_agent_resets_a_new_connection_before_it_reaches_the_target()
    {
        var listen = AgentPair.FreePort();
        var client = AgentPair.ClientWork("tls-slimit", listen, _target.Endpoint, maxConnections: 4);
        var server = AgentPair.ServerWork("tls-slimit", listen, _target.Endpoint, maxConnections: 1);
        await _agents.ApplyAsync([client], [server]);
        using var first = await EchoedConnectionAsync(listen);

        await ConnectUntilClosedAsync(listen, "over"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(10));

        var (cait, rectorado) = await _agents.ApplyAsync([client], [server]);
        Assert.Equal((1L, 2L), (AgentPair.Detail(rectorado.Single(), "connections_refused"), AgentPair.Detail(rectorado.Single(), "keys_consumed")));
        Assert.Equal(0L, AgentPair.Detail(cait.Single(), "connections_refused"));
        Assert.Equal(1, _target.Accepted);
    }

    private Task<(IReadOnlyList<Contracts.ResourceStatusRequest> Cait, IReadOnlyList<Contracts.ResourceStatusRequest> Rectorado)> ApplyAsync(
        string id, int listen) =>
        _agents.ApplyAsync([AgentPair.ClientWork(id, listen, _target.Endpoint)], [AgentPair.ServerWork(id, listen, _target.Endpoint)]);

    private async Task WaitForClosedAsync(string id, int listen)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var (cait, rectorado) = await ApplyAsync(id, listen);
            if (AgentPair.Detail(cait.Single(), "connections_open") == 0 && AgentPair.Detail(rectorado.Single(), "connections_open") == 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "connections still open 10 s after their clients finished");
            await Task.Delay(50);
        }
    }

    private async Task WaitForOpenAsync(Contracts.TlsSessionWork client, Contracts.TlsSessionWork server, long open)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var (cait, rectorado) = await _agents.ApplyAsync([client], [server]);
            if (AgentPair.Detail(cait.Single(), "connections_open") == open && AgentPair.Detail(rectorado.Single(), "connections_open") == open)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"connections open did not come to {open} within 10 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends everything, half-closes, reads the echo to its end: the hashes of both.</summary>
    private static async Task<(string SentHash, string EchoedHash)> RoundTripAsync(int port, byte[] payload)
    {
        using var socket = await ConnectAsync(port);
        var sending = Task.Run(async () =>
        {
            await socket.SendAsync(payload);
            socket.Shutdown(SocketShutdown.Send);
        });
        using var echoed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            echoed.AppendData(buffer, 0, read);
        }
        await sending;
        return (Convert.ToHexString(SHA256.HashData(payload)), Convert.ToHexString(echoed.GetHashAndReset()));
    }
}
