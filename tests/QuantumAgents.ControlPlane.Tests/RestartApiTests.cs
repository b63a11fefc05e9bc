using System.Net;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>A restart of the control plane mid-lifecycle loses nothing: tenants, tokens, tunnels, key_IDs, revisions, usage.</summary>
public sealed class RestartApiTests
{
    [Fact]
    public async Task Everything_acknowledged_before_a_restart_is_there_after_it_and_agents_carry_on()
    {
        await using var server = await ControlPlaneServer.StartAsync();
        var token = await server.NewTenantAsync("demo");
        var tenant = server.Client(token);
        var (_, created) = await tenant.PostJsonAsync("/api/v1/ipsec/tunnels",
            """{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"]}""");
        var id = created.Str("id");
        var doomed = (await tenant.PostJsonAsync("/api/v1/tls/sessions",
            """{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80"}""")).Body.Str("id");
        await new ScriptedAgent(server, "cait", "tls").ReportAsync((doomed, "established", null, null));
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.DeleteJsonAsync($"/api/v1/tls/sessions/{doomed}")).Status);
        await new ScriptedAgent(server, "cait", "ipsec").ReportAsync((id, "keying", "key-before-restart", null));
        await tenant.GetJsonAsync("/api/v1/entropy?bytes=100");
        var revision = (await new ScriptedAgent(server, "rectorado", "ipsec").WorkAsync()).GetProperty("revision").GetInt64();

        await server.RestartAsync();

        tenant = server.Client(token);
        var tunnel = (await tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body;
        Assert.Equal("keying", tunnel.Str("state"));
        var rectorado = new ScriptedAgent(server, "rectorado", "ipsec");
        var work = await rectorado.WorkAsync(revision, waitSeconds: 1);
        Assert.Equal(revision, work.GetProperty("revision").GetInt64());
        Assert.Equal("key-before-restart", Assert.Single(ScriptedAgent.Items(work, "tunnels")).Str("key_id"));
        Assert.Equal("deleting", (await tenant.GetJsonAsync($"/api/v1/tls/sessions/{doomed}")).Body.Str("state"));
        var usage = Assert.Single((await tenant.GetJsonAsync("/api/v1/usage")).Body.GetProperty("tenants").EnumerateArray());
        Assert.Equal((1, 1, 100, 1), (usage.GetProperty("tunnels_created").GetInt64(), usage.GetProperty("sessions_created").GetInt64(),
            usage.GetProperty("entropy_bytes").GetInt64(), usage.GetProperty("entropy_requests").GetInt64()));

        // The agents carry on where they were: the responder joins, the deleted session is released.
        await rectorado.ReportAsync((id, "established", null, null));
        await new ScriptedAgent(server, "cait", "ipsec").ReportAsync((id, "established", "key-before-restart", null));
        await new ScriptedAgent(server, "cait", "tls").ReportAsync();
        Assert.Equal("established", (await tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body.Str("state"));
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.GetJsonAsync($"/api/v1/tls/sessions/{doomed}")).Status);
    }

    [Fact]
    public async Task Revisions_keep_growing_across_restarts()
    {
        await using var server = await ControlPlaneServer.StartAsync();
        var tenant = server.Client(await server.NewTenantAsync("demo"));
        await tenant.PostJsonAsync("/api/v1/ipsec/tunnels", """{"a":"cait","b":"ccs","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.2.0/24"]}""");
        var agent = new ScriptedAgent(server, "cait", "ipsec");
        var before = (await agent.WorkAsync()).GetProperty("revision").GetInt64();

        await server.RestartAsync();
        var tenantAfter = server.Client((await server.Admin().PostJsonAsync("/api/v1/tenants/demo/tokens", "{}")).Body.Str("token"));
        await tenantAfter.PostJsonAsync("/api/v1/ipsec/tunnels", """{"a":"cait","b":"ccs","a_subnets":["198.19.11.0/24"],"b_subnets":["198.19.12.0/24"]}""");

        var after = await new ScriptedAgent(server, "cait", "ipsec").WorkAsync(before, waitSeconds: 5);
        Assert.True(after.GetProperty("revision").GetInt64() > before);
        Assert.Equal(2, ScriptedAgent.Items(after, "tunnels").Count());
    }
}
