using System.Net;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>TLS sessions: the same lifecycle as tunnels, with roles client/server and the listening port as the scarce thing.</summary>
public sealed class TlsSessionApiTests : DemoTenantApiTest
{
    [Fact]
    public async Task A_session_reaches_both_agents_with_their_roles_and_is_established_when_both_say_so()
    {
        var (status, session) = await Tenant.PostJsonAsync("/api/v1/tls/sessions",
            """{"client_node":"cait","server_node":"rectorado","listen":8443,"target":"198.19.3.10:80"}""");
        var id = session.Str("id");
        var client = Assert.Single(ScriptedAgent.Items(await new ScriptedAgent(Server, "cait", "tls").WorkAsync(), "sessions"));
        var server = Assert.Single(ScriptedAgent.Items(await new ScriptedAgent(Server, "rectorado", "tls").WorkAsync(), "sessions"));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(("client", 8443, "rectorado-tls", "198.18.23.3"), (client.Str("role"), client.GetProperty("listen").GetInt32(), client.Str("remote_sae"), client.Str("remote_address")));
        Assert.Equal(("server", "198.19.3.10:80", "cait-tls"), (server.Str("role"), server.Str("target"), server.Str("remote_sae")));
        Assert.Equal((256, 256, 256), (session.GetProperty("max_connections").GetInt32(), client.GetProperty("max_connections").GetInt32(),
            server.GetProperty("max_connections").GetInt32()));
        Assert.Empty(ScriptedAgent.Items(await new ScriptedAgent(Server, "cait", "ipsec").WorkAsync(), "tunnels"));

        await new ScriptedAgent(Server, "cait", "tls").ReportAsync((id, "established", null, null));
        await new ScriptedAgent(Server, "rectorado", "tls").ReportAsync((id, "established", null, null));
        Assert.Equal("established", (await Tenant.GetJsonAsync($"/api/v1/tls/sessions/{id}")).Body.Str("state"));
    }

    [Fact]
    public async Task A_port_in_use_on_the_client_node_conflicts_naming_the_session_that_holds_it()
    {
        var first = (await Tenant.PostJsonAsync("/api/v1/tls/sessions", """{"client_node":"cait","server_node":"ccs","listen":8080,"target":"198.19.2.10:80"}""")).Body.Str("id");

        var (status, problem) = await Tenant.PostJsonAsync("/api/v1/tls/sessions", """{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80"}""");
        var elsewhere = await Tenant.PostJsonAsync("/api/v1/tls/sessions", """{"client_node":"ccs","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80"}""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal($"listen: port 8080 on cait is used by {first}", problem.Detail());
        Assert.Equal(HttpStatusCode.Created, elsewhere.Status);
    }

    [Fact]
    public async Task A_connection_limit_asked_for_reaches_both_agents()
    {
        var (status, session) = await Tenant.PostJsonAsync("/api/v1/tls/sessions",
            """{"client_node":"cait","server_node":"rectorado","listen":8444,"target":"198.19.3.10:80","max_connections":3}""");
        var client = Assert.Single(ScriptedAgent.Items(await new ScriptedAgent(Server, "cait", "tls").WorkAsync(), "sessions"));
        var server = Assert.Single(ScriptedAgent.Items(await new ScriptedAgent(Server, "rectorado", "tls").WorkAsync(), "sessions"));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal((3, 3, 3), (session.GetProperty("max_connections").GetInt32(), client.GetProperty("max_connections").GetInt32(),
            server.GetProperty("max_connections").GetInt32()));
    }

    [Theory]
    [InlineData("""{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80","max_connections":0}""", "max_connections:")]
    [InlineData("""{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80","max_connections":100000}""", "max_connections:")]
    [InlineData("""{"client_node":"cait","server_node":"rectorado","listen":0,"target":"198.19.3.10:80"}""", "listen:")]
    [InlineData("""{"client_node":"cait","server_node":"rectorado","listen":70000,"target":"198.19.3.10:80"}""", "listen:")]
    [InlineData("""{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"no-port"}""", "target:")]
    [InlineData("""{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"bad host:80"}""", "target:")]
    [InlineData("""{"client_node":"cait","server_node":"rectorado","listen":"8080","target":"198.19.3.10:80"}""", "listen: must be a whole number")]
    [InlineData("""{"server_node":"rectorado","listen":8080,"target":"198.19.3.10:80"}""", "client_node: required")]
    public async Task A_bad_session_is_refused_naming_the_field(string body, string detail)
    {
        var (status, problem) = await Tenant.PostJsonAsync("/api/v1/tls/sessions", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(detail, problem.Detail(), StringComparison.Ordinal);
    }
}
