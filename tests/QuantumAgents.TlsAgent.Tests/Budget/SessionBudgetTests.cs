using Microsoft.Extensions.Time.Testing;
using QuantumAgents.TlsAgent.Tests.Support;
using static QuantumAgents.TlsAgent.Tests.Support.AgentPair;
using static QuantumAgents.TlsAgent.Tests.Support.LoopbackClient;

namespace QuantumAgents.TlsAgent.Tests.Budget;

/// <summary>
/// The key budget held by the agents for real on loopback (OpenSSL between them), on a fake
/// clock: the bucket's time moves only when the test moves it, so nothing here sleeps or races
/// the wall clock.
/// </summary>
public sealed class SessionBudgetTests : IDisposable
{
    private readonly EchoTarget _target = new();

    public void Dispose() => _target.Dispose();

    [Fact]
    public async Task A_connect_and_close_loop_draws_at_most_rate_times_elapsed_plus_burst_keys_and_every_other_connection_is_refused_and_counted()
    {
        const int Rate = 5;
        const int Connections = 100;
        var time = new FakeTimeProvider();
        await using var agents = new AgentPair(time: time);
        var listen = FreePort();
        var client = ClientWork("tls-flood", listen, _target.Endpoint, connectionsPerSecond: Rate);
        var server = ServerWork("tls-flood", listen, _target.Endpoint, connectionsPerSecond: Rate);
        await agents.ApplyAsync([client], [server]);

        // As fast as loopback goes, while the session's clock moves 10 ms per connection: 1 s in all.
        for (var i = 0; i < Connections; i++)
        {
            await ConnectAndCloseAsync(listen);
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        var (cait, _) = await agents.ApplyUntilAsync(client, server,
            (c, _) => Detail(c, "connections_total") + Detail(c, "connections_refused") == Connections && Detail(c, "connections_open") == 0,
            $"cait to account for all {Connections} connections");
        var keys = agents.Keys.Issued.Count;
        Assert.InRange(keys, Rate, (Rate * 1) + Rate); // the burst at least; rate × 1 s + burst at most
        Assert.Equal(keys, Detail(cait, "keys_consumed"));
        Assert.Equal(keys, Detail(cait, "connections_total"));
        Assert.Equal(Connections - keys, Detail(cait, "refused_rate_limited"));
        Assert.Equal(Connections - keys, Detail(cait, "connections_refused"));
    }

    [Fact]
    public async Task With_its_handshakes_in_progress_a_session_resets_a_new_connection_before_it_asks_the_KME_for_a_key()
    {
        await using var agents = new AgentPair(maxHandshakesPerSession: 1);
        var slowKme = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agents.Keys.Slow = slowKme.Task;
        var listen = FreePort();
        var client = ClientWork("tls-slow", listen, _target.Endpoint);
        var server = ServerWork("tls-slow", listen, _target.Endpoint);
        await agents.ApplyAsync([client], [server]);
        using var waiting = await ConnectAsync(listen);
        await agents.ApplyUntilAsync(client, server, (c, _) => Detail(c, "connections_open") == 1, "the first connection to wait for its key");

        await ConnectUntilClosedAsync(listen, "over"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(10));

        var (cait, _) = await agents.ApplyUntilAsync(client, server, (c, _) => Detail(c, "refused_handshake_limited") == 1, "the refusal to be counted");
        Assert.Empty(agents.Keys.Issued);
        Assert.Equal("refused a connection: the session already has max_handshakes_per_session (1) in progress", LastError(cait));
        slowKme.SetResult();
        await waiting.SendAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await ReceiveExactlyAsync(waiting, 4).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(agents.Keys.Issued);
    }

    [Fact]
    public async Task The_server_agent_holds_a_client_that_ignores_the_budget_to_twice_its_burst_before_the_target()
    {
        const int Connections = 6;
        await using var agents = new AgentPair(time: new FakeTimeProvider());
        var listen = FreePort();
        var client = ClientWork("tls-greedy", listen, _target.Endpoint, connectionsPerSecond: 1000);
        var server = ServerWork("tls-greedy", listen, _target.Endpoint, connectionsPerSecond: 1);
        await agents.ApplyAsync([client], [server]);

        for (var i = 0; i < Connections; i++)
        {
            await ConnectAndCloseAsync(listen);
        }

        var (cait, rectorado) = await agents.ApplyUntilAsync(client, server,
            (_, r) => Detail(r, "connections_total") + Detail(r, "connections_refused") == Connections && Detail(r, "connections_open") == 0,
            $"rectorado to account for all {Connections} connections");
        Assert.Equal(2, _target.Accepted);
        Assert.Equal(Connections - 2, Detail(rectorado, "refused_rate_limited"));
        Assert.Equal(0, Detail(cait, "connections_refused"));
        Assert.Equal(Connections, Detail(rectorado, "keys_consumed")); // redeemed: the client had drawn them already
    }

    [Fact]
    public async Task The_server_listener_resets_a_connection_at_accept_while_twice_its_sessions_handshakes_are_in_progress()
    {
        await using var agents = new AgentPair(maxHandshakesPerSession: 1);
        var listen = FreePort();
        await agents.ApplyAsync([], [ServerWork("tls-silent", listen, _target.Endpoint)]);

        // Peers that connect and say nothing hold a handshake each until server.handshake_timeout_seconds.
        using var first = await ConnectAsync(agents.ServerPort);
        using var second = await ConnectAsync(agents.ServerPort);
        await ConnectUntilClosedAsync(agents.ServerPort, []).WaitAsync(TimeSpan.FromSeconds(4));

        Assert.Equal("1", agents.Rectorado.Describe().Facts!["server_refused_handshakes"]);
        Assert.Empty(agents.Keys.Redeemed);
    }
}
