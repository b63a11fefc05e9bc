using System.Net;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>A tunnel's life through the user API and two scripted agents: roles, key_ID hand-over, states, deletion.</summary>
public sealed class TunnelLifecycleApiTests : DemoTenantApiTest
{
    private const string CaitToRectorado = """{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"],"rekey_seconds":60}""";

    [Fact]
    public async Task A_new_tunnel_is_pending_and_each_agent_gets_its_role()
    {
        var (status, tunnel) = await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", CaitToRectorado);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("pending", tunnel.Str("state"));
        Assert.Equal("psk", tunnel.Str("auth"));
        var id = tunnel.Str("id");
        var cait = Assert.Single(ScriptedAgent.Items(await new ScriptedAgent(Server, "cait", "ipsec").WorkAsync(), "tunnels"));
        var rectorado = Assert.Single(ScriptedAgent.Items(await new ScriptedAgent(Server, "rectorado", "ipsec").WorkAsync(), "tunnels"));
        Assert.Equal((id, "initiator", "rectorado", "198.18.23.3", "rectorado-ipsec"),
            (cait.Str("id"), cait.Str("role"), cait.Str("remote_node"), cait.Str("remote_address"), cait.Str("remote_sae")));
        Assert.Equal(("responder", "cait-ipsec", "198.19.3.0/24", "198.19.1.0/24"),
            (rectorado.Str("role"), rectorado.Str("remote_sae"), rectorado.GetProperty("local_subnets")[0].GetString(), rectorado.GetProperty("remote_subnets")[0].GetString()));
        Assert.False(rectorado.TryGetProperty("key_id", out _));
        Assert.Empty(ScriptedAgent.Items(await new ScriptedAgent(Server, "ccs", "ipsec").WorkAsync(), "tunnels"));
    }

    [Fact]
    public async Task The_key_id_the_initiator_reports_wakes_the_responder_and_reaches_it_in_its_next_snapshot()
    {
        var id = (await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", CaitToRectorado)).Body.Str("id");
        var cait = new ScriptedAgent(Server, "cait", "ipsec");
        var rectorado = new ScriptedAgent(Server, "rectorado", "ipsec");
        var before = (await rectorado.WorkAsync()).GetProperty("revision").GetInt64();

        var poll = rectorado.WorkAsync(before, waitSeconds: 30);
        Assert.False(poll.IsCompleted);
        await cait.ReportAsync((id, "keying", "0a1b2c3d-key-1", null));
        var woken = await poll.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(woken.GetProperty("revision").GetInt64() > before);
        Assert.Equal("0a1b2c3d-key-1", Assert.Single(ScriptedAgent.Items(woken, "tunnels")).Str("key_id"));
        Assert.Equal("keying", (await Tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body.Str("state"));
    }

    [Fact]
    public async Task The_key_id_the_responder_reports_holding_wakes_the_initiator_so_a_fresh_key_can_be_used()
    {
        var id = (await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", CaitToRectorado)).Body.Str("id");
        var cait = new ScriptedAgent(Server, "cait", "ipsec");
        var rectorado = new ScriptedAgent(Server, "rectorado", "ipsec");
        await cait.ReportAsync((id, "established", "key-1", null));
        await rectorado.ReportAsync((id, "established", "key-1", null));
        // A rekey: the initiator takes key-2 while the SA keeps running on key-1.
        await cait.ReportAsync((id, "established", "key-2", null));
        var before = (await cait.WorkAsync()).GetProperty("revision").GetInt64();
        Assert.Equal("key-1", Assert.Single(ScriptedAgent.Items(await cait.WorkAsync(), "tunnels")).Str("key_id"));
        Assert.Equal("key-2", Assert.Single(ScriptedAgent.Items(await rectorado.WorkAsync(), "tunnels")).Str("key_id"));

        var poll = cait.WorkAsync(before, waitSeconds: 30);
        Assert.False(poll.IsCompleted);
        await rectorado.ReportAsync((id, "established", "key-2", null));
        var woken = await poll.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(woken.GetProperty("revision").GetInt64() > before);
        Assert.Equal("key-2", Assert.Single(ScriptedAgent.Items(woken, "tunnels")).Str("key_id"));
        var sides = (await Tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body.GetProperty("sides");
        Assert.Equal(["key-2", "key-2"], sides.EnumerateArray().Select(s => s.Str("key_id")));
    }

    [Fact]
    public async Task A_long_poll_answers_at_once_for_an_old_revision_and_with_the_same_revision_when_nothing_changed()
    {
        var agent = new ScriptedAgent(Server, "cait", "ipsec");
        var current = (await agent.WorkAsync()).GetProperty("revision").GetInt64();

        var idle = await agent.WorkAsync(current, waitSeconds: 1);
        var stale = await agent.WorkAsync(current - 1, waitSeconds: 30);

        Assert.Equal(current, idle.GetProperty("revision").GetInt64());
        Assert.Equal(current, stale.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Both_sides_established_make_the_tunnel_established_and_wait_returns_as_soon_as_they_are()
    {
        var cait = new ScriptedAgent(Server, "cait", "ipsec");
        var rectorado = new ScriptedAgent(Server, "rectorado", "ipsec");
        var agents = Task.Run(async () =>
        {
            var work = await cait.WorkAsync(0, waitSeconds: 30);
            var id = Assert.Single(ScriptedAgent.Items(work, "tunnels")).Str("id");
            await cait.ReportAsync((id, "established", "key-1", null));
            await rectorado.ReportAsync((id, "established", null, null));
        });

        var (status, tunnel) = await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels?wait=30", CaitToRectorado);
        await agents;

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("established", tunnel.Str("state"));
        Assert.All(tunnel.GetProperty("sides").EnumerateArray(), side => Assert.Equal("c0ffee01", side.GetProperty("details").Str("spi_in")));
    }

    [Fact]
    public async Task A_failing_side_fails_the_tunnel_with_its_reason()
    {
        var id = (await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", CaitToRectorado)).Body.Str("id");

        await new ScriptedAgent(Server, "rectorado", "ipsec").ReportAsync((id, "failed", null, "AUTHENTICATION_FAILED"));

        var tunnel = (await Tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body;
        Assert.Equal("failed", tunnel.Str("state"));
        Assert.Equal("rectorado: AUTHENTICATION_FAILED", tunnel.Str("reason"));
    }

    [Fact]
    public async Task An_agent_not_heard_from_is_unhealthy_and_its_tunnels_say_so()
    {
        var id = (await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", CaitToRectorado)).Body.Str("id");
        await new ScriptedAgent(Server, "cait", "ipsec").ReportAsync((id, "established", "k", null));
        await new ScriptedAgent(Server, "rectorado", "ipsec").ReportAsync((id, "established", null, null));
        Assert.False((await Tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body.TryGetProperty("reason", out _));

        Server.Clock.Advance(TimeSpan.FromSeconds(Server.Options.AgentTimeoutSeconds + 1));
        await new ScriptedAgent(Server, "cait", "ipsec").ReportAsync((id, "established", "k", null));

        var tunnel = (await Tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body;
        Assert.Equal("rectorado: agent not heard from", tunnel.Str("reason"));
        var sides = tunnel.GetProperty("sides").EnumerateArray().ToDictionary(s => s.Str("node"), s => s.GetProperty("agent_healthy").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["cait"] = true, ["rectorado"] = false }, sides);
        var nodes = (await Tenant.GetJsonAsync("/api/v1/nodes")).Body.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.Str("name"));
        Assert.False(Assert.Single(nodes["rectorado"].GetProperty("agents").EnumerateArray()).GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task A_deleted_tunnel_leaves_the_agents_work_and_is_gone_once_both_stop_reporting_it()
    {
        var id = (await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", CaitToRectorado)).Body.Str("id");
        var cait = new ScriptedAgent(Server, "cait", "ipsec");
        var rectorado = new ScriptedAgent(Server, "rectorado", "ipsec");
        await cait.ReportAsync((id, "established", "k", null));
        await rectorado.ReportAsync((id, "established", null, null));
        var before = (await cait.WorkAsync()).GetProperty("revision").GetInt64();

        var waiting = Tenant.DeleteJsonAsync($"/api/v1/ipsec/tunnels/{id}?wait=30");
        // The agent's long poll wakes once the DELETE has marked the tunnel: only then may the
        // agents report it released, or the DELETE could arrive after it is gone and get a 404.
        Assert.Empty(ScriptedAgent.Items(await cait.WorkAsync(before, waitSeconds: 30), "tunnels"));
        await cait.ReportAsync();
        var (status, deleting) = await Tenant.DeleteJsonAsync($"/api/v1/ipsec/tunnels/{id}");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("deleting", deleting.Str("state"));
        Assert.False(waiting.IsCompleted, "the waiting DELETE answered while rectorado still reports the tunnel");
        await rectorado.ReportAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await waiting).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Status);
    }

    [Fact]
    public async Task A_tunnel_no_agent_ever_reported_is_gone_at_once()
    {
        var id = (await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", CaitToRectorado)).Body.Str("id");

        Assert.Equal(HttpStatusCode.NoContent, (await Tenant.DeleteJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Status);
        Assert.Equal(HttpStatusCode.Created, (await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", CaitToRectorado)).Status);
    }

    [Fact]
    public async Task An_agent_reporting_a_tunnel_the_control_plane_does_not_know_is_told_so()
    {
        var answer = await new ScriptedAgent(Server, "cait", "ipsec").ReportAsync(("tun-stale", "established", "k", null));

        Assert.Equal("tun-stale", Assert.Single(answer.GetProperty("unknown_resources").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Overlapping_traffic_on_a_shared_node_conflicts_and_distinct_traffic_does_not()
    {
        await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", CaitToRectorado);

        var overlap = await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels",
            """{"a":"rectorado","b":"cait","a_subnets":["198.19.3.128/25"],"b_subnets":["198.19.1.0/24"]}""");
        var distinct = await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels",
            """{"a":"cait","b":"ccs","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.2.0/24"]}""");

        Assert.Equal(HttpStatusCode.Conflict, overlap.Status);
        Assert.Contains("a_subnets: on rectorado", overlap.Body.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, distinct.Status);
    }

    [Theory]
    [InlineData("""{"a":"cait","b":"nowhere","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"]}""", 400, "b: no node 'nowhere'")]
    [InlineData("""{"a":"cait","b":"island","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"]}""", 409, "b: no QKD key path between cait and island")]
    [InlineData("""{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.1.64/26"]}""", 400, "b_subnets: overlaps a_subnets")]
    [InlineData("""{"a":"cait","b":"rectorado","a_subnets":["198.19.1.1/24"],"b_subnets":["198.19.3.0/24"]}""", 400, "a_subnets[0]:")]
    [InlineData("""{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"],"auth":"cert"}""", 400, "auth: 'cert'")]
    [InlineData("""{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"],"rekey_seconds":1}""", 400, "rekey_seconds:")]
    [InlineData("""{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"],"colour":"red"}""", 400, "colour: unknown field")]
    [InlineData("""{"a":"cait","b":"rectorado","a_subnets":"198.19.1.0/24","b_subnets":["198.19.3.0/24"]}""", 400, "a_subnets: must be an array of strings")]
    [InlineData("""{"a":"cait",""", 400, "body: a complete JSON object is required")]
    [InlineData("""[]""", 400, "body:")]
    public async Task A_bad_tunnel_request_is_refused_naming_the_field(string body, int expectedStatus, string expectedDetail)
    {
        var (status, problem) = await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels", body);

        Assert.Equal(expectedStatus, (int)status);
        Assert.Contains(expectedDetail, problem.Detail(), StringComparison.Ordinal);
    }
}
