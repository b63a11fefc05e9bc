namespace QuantumAgents.ControlPlane.Tests;

/// <summary>Every request is logged with its caller and resource, and never with a token.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task A_request_is_logged_with_tenant_and_resource_and_no_token_appears_in_any_log_line()
    {
        await using var server = await ControlPlaneServer.StartAsync();
        var token = await server.NewTenantAsync("demo");
        var tenant = server.Client(token);
        var id = (await tenant.PostJsonAsync("/api/v1/ipsec/tunnels",
            """{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"]}""")).Body.Str("id");
        await tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}");
        await server.Client(token + "x").GetJsonAsync("/api/v1/nodes");
        await server.Agent("cait").GetJsonAsync("/api/v1/agents/cait/ipsec/work?wait=0");

        var lines = server.Log.Lines.ToList();

        Assert.Contains(lines, l => l.Contains($"GET /api/v1/ipsec/tunnels/{id} 200 by tenant:demo", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("GET /api/v1/nodes 401 by anonymous", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("GET /api/v1/agents/cait/ipsec/work 200 by node:cait", StringComparison.Ordinal));
        foreach (var secret in new[] { token, ControlPlaneServer.AdminToken, ControlPlaneServer.NodeToken("cait"), "Bearer" })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
