using System.Net;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Net;
using QuantumAgents.TlsAgent.Targets;
using QuantumAgents.TlsAgent.Tests.Support;
using static QuantumAgents.TlsAgent.Tests.Support.AgentPair;
using static QuantumAgents.TlsAgent.Tests.Support.LoopbackClient;

namespace QuantumAgents.TlsAgent.Tests.Targets;

/// <summary>
/// The server agent's own allow-list applied for real: the echo service on 127.0.0.1 is a target
/// the real policy refuses (loopback is infrastructure), so the control plane asking for it gets
/// no connection to it.
/// </summary>
public sealed class TargetRefusalTests : IDisposable
{
    private static readonly NodeTargetPolicy RectoradoPolicy =
        new([new AllowedTarget(IPNetwork.Parse("198.19.3.0/24"), new PortRange(1, 65535))], new InfrastructureRanges([]), NodeAddresses.Read);

    private readonly EchoTarget _target = new();

    public void Dispose() => _target.Dispose();

    [Fact]
    public async Task A_refused_address_fails_the_session_at_once_and_its_connection_is_closed_before_the_server_fetches_its_key()
    {
        await using var agents = new AgentPair(targets: RectoradoPolicy);
        var listen = FreePort();
        var client = ClientWork("tls-loop", listen, _target.Endpoint);
        var refused = ServerWork("tls-loop", listen, _target.Endpoint);
        // Another client's session keeps rectorado's listener up, so cait's connection reaches it.
        var other = ServerWork("tls-other", 1, "198.19.3.2:8000") with { RemoteSae = "ccs-tls" };

        var (_, rectorado) = await agents.ApplyAsync([client], [refused, other]);

        var status = rectorado.Single(s => s.Id == "tls-loop");
        Assert.Equal("failed", status.State?.Name());
        Assert.Equal($"{_target.Endpoint} is an infrastructure address of this node (127.0.0.0/8)", status.Reason);
        Assert.Equal("established", rectorado.Single(s => s.Id == "tls-other").State?.Name());
        await ConnectUntilClosedAsync(listen, "hello"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(agents.Keys.Issued); // cait cannot know: it drew the key for the connection
        Assert.Empty(agents.Keys.Redeemed);
        Assert.Equal(0, _target.Accepted);
    }

    [Fact]
    public async Task A_name_resolving_to_a_refused_address_is_refused_at_the_connection_counted_and_fails_the_session_with_the_reason()
    {
        var lookups = 0;
        await using var agents = new AgentPair(targets: RectoradoPolicy, resolve: (name, _) =>
        {
            Interlocked.Increment(ref lookups);
            return Task.FromResult(name == "echo.tenant" ? new[] { IPAddress.Loopback } : []);
        });
        var listen = FreePort();
        var named = $"echo.tenant:{_target.Port}";
        var client = ClientWork("tls-name", listen, named);
        var server = ServerWork("tls-name", listen, named);
        var (_, before) = await agents.ApplyAsync([client], [server]);
        Assert.Equal("established", before.Single().State?.Name()); // a name is only judged once a connection resolves it

        await ConnectUntilClosedAsync(listen, "hello"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(10));

        var (_, rectorado) = await agents.ApplyUntilAsync(client, server, (_, r) => Detail(r, "refused_target") == 1, "the refusal to be counted");
        Assert.Equal("failed", rectorado.State?.Name());
        Assert.Equal($"echo.tenant resolves to 127.0.0.1, and 127.0.0.1:{_target.Port} is an infrastructure address of this node (127.0.0.0/8)",
            rectorado.Reason);
        Assert.Equal((0L, 1L), (Detail(rectorado, "connections_total"), Detail(rectorado, "connections_refused")));
        Assert.Equal(1, lookups);
        Assert.Equal(0, _target.Accepted);
    }

    [Fact]
    public async Task A_name_resolving_to_an_allowed_address_is_connected_to_at_that_checked_address()
    {
        var lookups = 0;
        await using var agents = new AgentPair(resolve: (name, _) =>
        {
            Interlocked.Increment(ref lookups);
            return Task.FromResult(name == "echo.tenant" ? new[] { IPAddress.Loopback } : []);
        });
        var listen = FreePort();
        var named = $"echo.tenant:{_target.Port}";
        await agents.ApplyAsync([ClientWork("tls-ok", listen, named)], [ServerWork("tls-ok", listen, named)]);

        using var connection = await EchoedConnectionAsync(listen);

        Assert.Equal(1, _target.Accepted);
        Assert.Equal(1, lookups);
    }
}
