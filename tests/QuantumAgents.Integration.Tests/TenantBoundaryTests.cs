using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// Tenant boundaries on the testbed, as its controld.json declares them: tenant e2e-1 owns one
/// quarter of each client network (198.19.N.64/26), the demo tenant the whole of it. e2e-1 tries
/// the management network, a KME, the control plane, a node and the other tenants' addresses:
/// each is refused with 403, and nothing reached charon or the TLS agent.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class TenantBoundaryTests(TestbedFixture fixture)
{
    private const string Tenant = "e2e-1";
    private const int ListenPort = 18700;

    private Testbed Testbed => fixture.Testbed;

    private Curl Curl => new(Testbed.Ca);

    private string Url(string path) => Testbed.ControlPlane.Url + path;

    public static TheoryData<string, string> Attempts => new()
    {
        { "tunnel", """{"a":"cait","b":"rectorado","a_subnets":["198.18.255.0/24"],"b_subnets":["198.19.3.64/26"]}""" },   // the management network
        { "tunnel", """{"a":"cait","b":"rectorado","a_subnets":["198.19.1.64/26"],"b_subnets":["198.18.23.0/24"]}""" },    // a QKD data link
        { "tunnel", """{"a":"cait","b":"rectorado","a_subnets":["198.19.1.64/26"],"b_subnets":["198.19.3.0/26"]}""" },     // the demo tenant's part
        { "tunnel", """{"a":"cait","b":"rectorado","a_subnets":["198.19.1.128/26"],"b_subnets":["198.19.3.64/26"]}""" },   // e2e-2's
        { "tunnel", """{"a":"cait","b":"rectorado","a_subnets":["198.19.0.0/16"],"b_subnets":["10.0.0.0/8"]}""" },          // a grab
        { "session", $$"""{"client_node":"cait","server_node":"rectorado","listen":{{ListenPort}},"target":"198.18.255.3:8443"}""" },   // rectorado's KME
        { "session", $$"""{"client_node":"cait","server_node":"rectorado","listen":{{ListenPort}},"target":"198.18.255.254:8480"}""" }, // the control plane
        { "session", $$"""{"client_node":"cait","server_node":"rectorado","listen":{{ListenPort}},"target":"198.18.23.3:8443"}""" },    // the node on its data link
        { "session", $$"""{"client_node":"cait","server_node":"rectorado","listen":{{ListenPort}},"target":"127.0.0.1:22"}""" },        // its loopback
        { "session", $$"""{"client_node":"cait","server_node":"rectorado","listen":{{ListenPort}},"target":"198.19.4.2:80"}""" },       // not a client network
    };

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task An_attempt_outside_the_tenants_own_is_refused_and_nothing_reaches_charon_or_the_TLS_agent(string kind, string body)
    {
        Prerequisites.RequireRootAndPrograms("curl", "ip", "ss");
        var token = await FreshTenantAsync();
        var path = kind == "tunnel" ? "/api/v1/ipsec/tunnels" : "/api/v1/tls/sessions";
        var before = await CharonHoldingsAsync();

        var refused = await Curl.SendAsync("POST", Url(path + "?wait=5"), bearer: token, body: body);

        Assert.True(refused.Status == 403, refused.ToString());
        var detail = refused.Json.GetProperty("detail").GetString()!;
        Assert.Contains(kind == "tunnel" ? "_subnets[0]: " : "target: ", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("demo", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("e2e-2", detail, StringComparison.Ordinal);
        Assert.Empty(await IdsAsync(token, path, kind == "tunnel" ? "tunnels" : "sessions"));
        Assert.Equal(before, await CharonHoldingsAsync());
        Assert.False(await ListensAsync("qa-cait", ListenPort), $"cait's TLS agent listens on {ListenPort} for a refused session");
    }

    [Fact]
    public async Task Within_its_own_quarter_the_tenant_is_admitted()
    {
        Prerequisites.RequireRootAndPrograms("curl", "ip", "ss");
        var token = await FreshTenantAsync();
        var created = await Curl.SendAsync("POST", Url("/api/v1/tls/sessions"), bearer: token,
            body: $$"""{"client_node":"cait","server_node":"rectorado","listen":{{ListenPort}},"target":"198.19.3.66:80"}""");
        try
        {
            Assert.True(created.Status == 201, created.ToString());
            await Wait.UntilAsync(() => ListensAsync("qa-cait", ListenPort), TimeSpan.FromSeconds(30), $"cait's TLS agent listening on {ListenPort}");
        }
        finally
        {
            await DeleteEverythingAsync(token);
        }
    }

    /// <summary>Tenant e2e-1, emptied if an interrupted run left it, with a token of its own.</summary>
    private async Task<string> FreshTenantAsync()
    {
        var admin = Testbed.ControlPlane.AdminToken;
        var created = await Curl.SendAsync("POST", Url("/api/v1/tenants"), bearer: admin, body: $$"""{"name":"{{Tenant}}"}""");
        if (created.Status == 201)
        {
            return created.Json.GetProperty("token").GetString()!;
        }
        Assert.True(created.Status == 409, created.ToString());
        var token = (await Curl.SendAsync("POST", Url($"/api/v1/tenants/{Tenant}/tokens"), bearer: admin)).Json.GetProperty("token").GetString()!;
        await DeleteEverythingAsync(token);
        return token;
    }

    private async Task DeleteEverythingAsync(string token)
    {
        foreach (var (path, list) in new[] { ("/api/v1/ipsec/tunnels", "tunnels"), ("/api/v1/tls/sessions", "sessions") })
        {
            foreach (var id in await IdsAsync(token, path, list))
            {
                await Curl.SendAsync("DELETE", Url($"{path}/{id}?wait=30"), bearer: token);
            }
        }
    }

    private async Task<IReadOnlyList<string>> IdsAsync(string token, string path, string list)
    {
        var listed = await Curl.SendAsync("GET", Url(path), bearer: token);
        Assert.True(listed.Status == 200, listed.ToString());
        return [.. listed.Json.GetProperty(list).EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
    }

    /// <summary>What both ends' charons hold of the agents' (connections and shared keys), as one comparable line.</summary>
    private static async Task<string> CharonHoldingsAsync()
    {
        var held = new List<string>();
        foreach (var node in new[] { "cait", "rectorado" })
        {
            var (connections, sharedKeys, _) = await IpsecNode.Load(node).AgentLeftoversAsync();
            held.Add($"{node}: {string.Join(",", connections.Order(StringComparer.Ordinal))} / {string.Join(",", sharedKeys.Order(StringComparer.Ordinal))}");
        }
        return string.Join("; ", held);
    }

    private static async Task<bool> ListensAsync(string netns, int port)
    {
        var result = await Cli.Wrap("ip").WithArguments(["netns", "exec", netns, "ss", "-ltnH", $"sport = :{port}"])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, $"ss in {netns}: {result.StandardError}");
        return result.StandardOutput.Trim().Length > 0;
    }
}
