using System.Net;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary><c>nodes</c> as agents report them, the OpenAPI document and its UI, and the paper's GET-style alias.</summary>
public sealed class NodesAndDocsApiTests : DemoTenantApiTest
{
    [Fact]
    public async Task An_agents_work_names_its_nodes_QKD_links_with_the_peers_SAE_of_its_kind_whose_key_levels_it_reports()
    {
        static IEnumerable<string> Links(System.Text.Json.JsonElement work) =>
            work.GetProperty("links").EnumerateArray().Select(l => $"{l.Str("peer")} {l.Str("sae")}");

        Assert.Equal(["cait cait-ipsec", "rectorado rectorado-ipsec"], Links(await new ScriptedAgent(Server, "ccs", "ipsec").WorkAsync()));
        Assert.Equal(["ccs ccs-tls"], Links(await new ScriptedAgent(Server, "rectorado", "tls").WorkAsync()));
        Assert.Empty(Links(await new ScriptedAgent(Server, "island", "ipsec").WorkAsync()));
    }

    [Fact]
    public async Task Nodes_show_their_links_and_the_agents_that_reported_with_their_facts()
    {
        await new ScriptedAgent(Server, "cait", "ipsec").ReportAsync();

        var view = (await Tenant.GetJsonAsync("/api/v1/nodes")).Body;

        var nodes = view.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.Str("name"));
        Assert.Equal(["cait", "ccs", "island", "rectorado"], nodes.Keys);
        var link = Assert.Single(nodes["cait"].GetProperty("links").EnumerateArray());
        Assert.Equal(("ccs", 100), (link.Str("peer"), link.GetProperty("stored_key_count").GetInt64()));
        var agent = Assert.Single(nodes["cait"].GetProperty("agents").EnumerateArray());
        Assert.Equal(("ipsec", "test-1.0", true, "5.9.8"),
            (agent.Str("kind"), agent.Str("version"), agent.GetProperty("healthy").GetBoolean(), agent.GetProperty("facts").Str("charon")));
        Assert.Empty(nodes["rectorado"].GetProperty("agents").EnumerateArray());
        Assert.False(view.GetProperty("entropy_source").GetProperty("quantum").GetBoolean());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_user_route_and_the_ui_serves_it()
    {
        var anonymous = Server.Client(null);
        var (status, document) = await anonymous.GetJsonAsync("/openapi/v1.json");
        using var ui = await anonymous.GetAsync("/docs/");
        // The UI's script is served by the control plane itself: no CDN, it works on an offline management network.
        using var script = await anonymous.GetAsync("/docs/scalar.js");

        Assert.Equal(HttpStatusCode.OK, status);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "/api/v1/nodes", "/api/v1/ipsec/tunnels", "/api/v1/ipsec/tunnels/{id}", "/api/v1/tls/sessions", "/api/v1/tls/sessions/{id}",
            "/api/v1/entropy", "/api/v1/usage", "/api/v1/tenants", "/api/v1/agents/{node}/{kind}/work", "/api/v1/agents/{node}/{kind}/status",
        }, paths);
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("TunnelRequest", out _));
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("\"url\":\"openapi/v1.json\"", await ui.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Fact]
    public async Task The_get_style_alias_creates_shows_and_deletes_the_same_tunnels()
    {
        var (created, tunnel) = await Tenant.GetJsonAsync("/compat/ipsec/create?a=cait&b=rectorado&a_subnets=198.19.1.0/24,198.19.11.0/24&b_subnets=198.19.3.0/24");
        var id = tunnel.Str("id");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(2, tunnel.GetProperty("a_subnets").GetArrayLength());
        Assert.Equal(id, (await Tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body.Str("id"));
        Assert.Equal("pending", (await Tenant.GetJsonAsync($"/compat/ipsec/status?id={id}")).Body.Str("state"));
        Assert.Equal(HttpStatusCode.BadRequest, (await Tenant.GetJsonAsync("/compat/ipsec/create?a=cait&b=rectorado")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Tenant.GetJsonAsync($"/compat/ipsec/delete?id={id}")).Status);
    }
}
