using System.Net;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>
/// Admission against the links' key rate, on slow simulated links: a tunnel of PSK rekeying
/// every 10 s draws 256/10 = 25.6 bits/s, a TLS session 256 bits per connection per second.
/// </summary>
public sealed class KeyBudgetApiTests : DemoTenantApiTest
{
    private const string Tunnels = "/api/v1/ipsec/tunnels";
    private const string Sessions = "/api/v1/tls/sessions";

    private int _next;

    [Fact]
    public async Task A_service_over_a_slow_links_rate_is_refused_with_409_and_the_numbers()
    {
        await LinkReporter.BothEndsAsync(Server, "cait", "ccs", 100);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Tenant.PostJsonAsync(Tunnels, FastTunnel("cait", "ccs"))).Status);
        }

        var (status, problem) = await Tenant.PostJsonAsync(Tunnels, FastTunnel("cait", "ccs"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("key budget: this service draws 25.6 bits/s of QKD key on every link from cait to ccs; "
                     + "cait–ccs produces 100 bits/s, 76.8 committed to admitted services, 23.2 free", problem.Detail());
    }

    [Fact]
    public async Task A_relayed_service_needs_budget_on_every_link_of_its_path_and_the_refusal_names_the_short_one()
    {
        await LinkReporter.BothEndsAsync(Server, "cait", "ccs", 1_000_000);
        await LinkReporter.BothEndsAsync(Server, "ccs", "rectorado", 200);

        var (status, problem) = await Tenant.PostJsonAsync(Sessions,
            """{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80","connections_per_second":1}""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("key budget: this service draws 256 bits/s of QKD key on every link from cait to rectorado; "
                     + "ccs–rectorado produces 200 bits/s, 0 committed to admitted services, 200 free", problem.Detail());
        Assert.Equal(HttpStatusCode.Created, (await Tenant.PostJsonAsync(Tunnels, FastTunnel("cait", "rectorado"))).Status);
    }

    [Fact]
    public async Task The_slower_end_of_a_link_sets_its_rate_and_a_link_no_KME_reported_is_not_limited()
    {
        await new LinkReporter(Server, "cait").ReportAsync("ccs", 1000);
        await new LinkReporter(Server, "ccs").ReportAsync("cait", 20);

        var refused = await Tenant.PostJsonAsync(Tunnels, FastTunnel("cait", "ccs"));
        var unknown = await Tenant.PostJsonAsync(Sessions,
            """{"client_node":"ccs","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80","connections_per_second":1000}""");

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("cait–ccs produces 20 bits/s", refused.Body.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, unknown.Status);
    }

    [Fact]
    public async Task Admitted_services_keep_their_budget_when_the_rate_drops_and_deleting_one_frees_it()
    {
        await LinkReporter.BothEndsAsync(Server, "cait", "ccs", 100);
        var first = (await Tenant.PostJsonAsync(Tunnels, FastTunnel("cait", "ccs"))).Body.Str("id");
        var second = (await Tenant.PostJsonAsync(Tunnels, FastTunnel("cait", "ccs"))).Body.Str("id");
        await LinkReporter.BothEndsAsync(Server, "cait", "ccs", 60);

        var over = await Tenant.PostJsonAsync(Tunnels, FastTunnel("cait", "ccs"));
        var stillThere = await Tenant.GetJsonAsync($"{Tunnels}/{first}");
        Assert.Equal(HttpStatusCode.NoContent, (await Tenant.DeleteJsonAsync($"{Tunnels}/{second}")).Status);
        var afterDelete = await Tenant.PostJsonAsync(Tunnels, FastTunnel("cait", "ccs"));

        Assert.Equal(HttpStatusCode.Conflict, over.Status);
        Assert.Contains("51.2 committed to admitted services, 8.8 free", over.Body.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillThere.Status);
        Assert.Equal(HttpStatusCode.Created, afterDelete.Status);
    }

    [Fact]
    public async Task A_ppk_tunnel_draws_two_keys_per_rekey_and_a_slow_rekey_draws_little()
    {
        await LinkReporter.BothEndsAsync(Server, "cait", "ccs", 50);

        var ppk = await Tenant.PostJsonAsync(Tunnels, Tunnel("cait", "ccs", "ppk", 10));
        var hourly = await Tenant.PostJsonAsync(Tunnels, Tunnel("cait", "ccs", "ppk", 3600));

        Assert.Equal(HttpStatusCode.Conflict, ppk.Status);
        Assert.StartsWith("key budget: this service draws 51.2 bits/s", ppk.Body.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, hourly.Status);
    }

    [Fact]
    public async Task Overcommit_admits_beyond_the_rate_by_its_factor()
    {
        await using var server = await ControlPlaneServer.StartAsync(o => o.KeyBudget.Overcommit = 2.0);
        var tenant = server.Client(await server.NewTenantAsync("demo"));
        await LinkReporter.BothEndsAsync(server, "cait", "ccs", 300);

        var first = await tenant.PostJsonAsync(Sessions, """{"client_node":"cait","server_node":"ccs","listen":8080,"target":"198.19.2.10:80","connections_per_second":2}""");
        var second = await tenant.PostJsonAsync(Sessions, """{"client_node":"cait","server_node":"ccs","listen":8081,"target":"198.19.2.10:80","connections_per_second":1}""");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Contains("cait–ccs produces 300 bits/s (× overcommit 2), 512 committed to admitted services, 88 free", second.Body.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sessions_connection_rate_is_its_budget_and_reaches_both_agents()
    {
        var created = await Tenant.PostJsonAsync(Sessions,
            """{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80","connections_per_second":7}""");
        var work = await new ScriptedAgent(Server, "rectorado", "tls").WorkAsync();

        Assert.Equal(7, created.Body.GetProperty("connections_per_second").GetInt32());
        Assert.Equal(7, Assert.Single(ScriptedAgent.Items(work, "sessions")).GetProperty("connections_per_second").GetInt32());
        var defaulted = await Tenant.PostJsonAsync(Sessions, """{"client_node":"cait","server_node":"rectorado","listen":8081,"target":"198.19.3.10:80"}""");
        Assert.Equal(10, defaulted.Body.GetProperty("connections_per_second").GetInt32());
    }

    private string FastTunnel(string a, string b) => Tunnel(a, b, "psk", 10);

    /// <summary>A tunnel on subnets no other tunnel of the test uses (the default server gives every test tenant 10.1/16 on cait, 10.2/16 on ccs).</summary>
    private string Tunnel(string a, string b, string auth, int rekeySeconds)
    {
        var n = Interlocked.Increment(ref _next);
        string Subnet(string node) => node switch
        {
            "cait" => $"10.1.{n}.0/24",
            "ccs" => $"10.2.{n}.0/24",
            _ => $"198.19.3.{n * 4}/30",
        };
        return $$"""{"a":"{{a}}","b":"{{b}}","a_subnets":["{{Subnet(a)}}"],"b_subnets":["{{Subnet(b)}}"],"auth":"{{auth}}","rekey_seconds":{{rekeySeconds}}}""";
    }
}
