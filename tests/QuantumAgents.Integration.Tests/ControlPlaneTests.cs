using System.Text.Json;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// The testbed's qa-controld, out of process, over HTTPS with curl: from the host as a tenant,
/// from inside the node namespaces as their agents, and through a restart and a kill -9.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class ControlPlaneTests(TestbedFixture fixture)
{
    private Testbed Testbed => fixture.Testbed;

    private Curl Curl => new(Testbed.Ca);

    private string Url(string path) => Testbed.ControlPlane.Url + path;

    [Fact]
    public async Task A_tenant_gets_32_bytes_of_entropy_in_base64_and_hex_from_the_testbeds_control_plane()
    {
        var base64 = await Curl.SendAsync("GET", Url("/api/v1/entropy"), bearer: Testbed.ControlPlane.TenantToken);
        var hex = await Curl.SendAsync("GET", Url("/api/v1/entropy?bytes=32&format=hex"), bearer: Testbed.ControlPlane.TenantToken);

        Assert.Equal(200, base64.Status);
        Assert.Equal(32, Convert.FromBase64String(base64.Json.GetProperty("data").GetString()!).Length);
        Assert.False(base64.Json.GetProperty("quantum").GetBoolean());
        Assert.Equal(32, Convert.FromHexString(hex.Json.GetProperty("data").GetString()!).Length);
    }

    [Fact]
    public async Task The_nodes_view_shows_each_QKD_links_key_level_as_the_nodes_agents_read_it_at_their_KMEs()
    {
        (string Node, string Peer)[] links = [("cait", "ccs"), ("ccs", "cait"), ("ccs", "rectorado"), ("rectorado", "ccs")];
        var capacity = new Dictionary<(string, string), long>();
        foreach (var (node, peer) in links)
        {
            var kme = Testbed.Nodes[node];
            var status = await Curl.GetAsync(kme.Keys(peer, "status"), kme.Sae);
            Assert.True(status.Status == 200, $"{node}'s KME status towards {peer}: {status}");
            capacity[(node, peer)] = status.Json.GetProperty("max_key_count").GetInt64();
        }

        // The agents read the levels in the background and report them with a later heartbeat.
        var shown = "nothing yet";
        var waiting = Wait.UntilAsync(async () =>
        {
            var nodes = (await Curl.SendAsync("GET", Url("/api/v1/nodes"), bearer: Testbed.ControlPlane.AdminToken)).Json.GetProperty("nodes");
            var levels = nodes.EnumerateArray().SelectMany(n => n.GetProperty("links").EnumerateArray().Select(l => (
                Link: (n.GetProperty("name").GetString()!, l.GetProperty("peer").GetString()!),
                Stored: l.TryGetProperty("stored_key_count", out var stored) && stored.ValueKind == JsonValueKind.Number ? stored.GetInt64() : -1,
                Max: l.TryGetProperty("max_key_count", out var max) && max.ValueKind == JsonValueKind.Number ? max.GetInt64() : -1))).ToList();
            shown = string.Join("; ", levels.Select(l => $"{l.Link.Item1}->{l.Link.Item2} {l.Stored}/{l.Max}"));
            // Not stored ≤ max: a KME's pool may hold a little more than its producer's limit (ranges the
            // peer dropped and it did not, after the crash tests), and the view shows what the KME says.
            return levels.Count == links.Length && levels.All(l => l.Max == capacity[l.Link] && l.Stored > 0);
        }, TimeSpan.FromSeconds(60), "every QKD link's level in GET /nodes, as the KMEs report it");
        var timedOut = await Record.ExceptionAsync(() => waiting);
        Assert.True(timedOut is null, $"{timedOut?.Message}; GET /nodes showed {shown}, KMEs' max_key_count: "
            + string.Join("; ", capacity.Select(c => $"{c.Key.Item1}->{c.Key.Item2} {c.Value}")));
    }

    [Fact]
    public async Task Each_node_reaches_the_control_plane_from_its_namespace_and_its_token_opens_only_its_own_agent_api()
    {
        var rectorado = Testbed.Nodes["rectorado"];

        var own = await Curl.SendAsync("GET", Url("/api/v1/agents/rectorado/ipsec/work?wait=0"), bearer: rectorado.AgentToken, netns: rectorado.Netns);
        var other = await Curl.SendAsync("GET", Url("/api/v1/agents/cait/ipsec/work?wait=0"), bearer: rectorado.AgentToken, netns: rectorado.Netns);
        var tenant = await Curl.SendAsync("GET", Url("/api/v1/agents/rectorado/ipsec/work?wait=0"), bearer: Testbed.ControlPlane.TenantToken);
        var userApi = await Curl.SendAsync("GET", Url("/api/v1/nodes"), bearer: rectorado.AgentToken, netns: rectorado.Netns);
        var anonymous = await Curl.SendAsync("GET", Url("/api/v1/nodes"));

        Assert.Equal((200, "rectorado"), (own.Status, own.Json.GetProperty("node").GetString()));
        Assert.Equal((403, 403, 403, 401), (other.Status, tenant.Status, userApi.Status, anonymous.Status));
    }

    [Fact]
    public async Task A_tunnel_and_its_key_id_survive_a_kill_and_a_restart_of_the_control_plane_and_agents_carry_on()
    {
        // curl plays the two IPsec agents here, so the testbed's real ones step aside meanwhile.
        await Testbed.RunAsync("kill-ipsec-agent", "cait");
        await Testbed.RunAsync("kill-ipsec-agent", "rectorado");
        try
        {
            await TunnelSurvivesRestartsAsync();
        }
        finally
        {
            await Testbed.RunAsync("start-ipsec", "cait");
            await Testbed.RunAsync("start-ipsec", "rectorado");
        }
    }

    private async Task TunnelSurvivesRestartsAsync()
    {
        var tenant = Testbed.ControlPlane.TenantToken;
        var created = await Curl.SendAsync("POST", Url("/api/v1/ipsec/tunnels?wait=1"), bearer: tenant,
            body: """{"a":"cait","b":"rectorado","a_subnets":["198.19.1.128/25"],"b_subnets":["198.19.3.128/25"]}""");
        Assert.Equal(201, created.Status);
        Assert.Equal("pending", created.Json.GetProperty("state").GetString());
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.Equal(200, (await ReportAsync("cait", (id, "keying", "a7c3-before-the-crash"))).Status);

        await Testbed.RunAsync("kill-controld");
        Assert.Equal(0, (await Curl.SendAsync("GET", Url("/healthz"))).Status);
        await Testbed.RunAsync("start-controld");

        var work = await Curl.SendAsync("GET", Url("/api/v1/agents/rectorado/ipsec/work?wait=0"), bearer: Testbed.Nodes["rectorado"].AgentToken,
            netns: Testbed.Nodes["rectorado"].Netns);
        var handed = work.Json.GetProperty("tunnels").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        Assert.Equal("a7c3-before-the-crash", handed.GetProperty("key_id").GetString());
        Assert.Equal("keying", (await Curl.SendAsync("GET", Url($"/api/v1/ipsec/tunnels/{id}"), bearer: tenant)).Json.GetProperty("state").GetString());

        await Testbed.RunAsync("restart-controld");
        await ReportAsync("rectorado", (id, "established", null));
        await ReportAsync("cait", (id, "established", "a7c3-before-the-crash"));
        Assert.Equal("established", (await Curl.SendAsync("GET", Url($"/api/v1/ipsec/tunnels/{id}"), bearer: tenant)).Json.GetProperty("state").GetString());

        Assert.Equal(202, (await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}"), bearer: tenant)).Status);
        await ReportAsync("cait");
        await ReportAsync("rectorado");
        Assert.Equal(404, (await Curl.SendAsync("GET", Url($"/api/v1/ipsec/tunnels/{id}"), bearer: tenant)).Status);
        var usage = (await Curl.SendAsync("GET", Url("/api/v1/usage"), bearer: tenant)).Json.GetProperty("tenants")[0];
        Assert.True(usage.GetProperty("tunnels_created").GetInt64() >= 1);
    }

    /// <summary>A node's IPsec agent, played with curl from inside its namespace: reports exactly these tunnels.</summary>
    private Task<CurlResponse> ReportAsync(string node, params (string Id, string State, string? KeyId)[] tunnels)
    {
        var report = JsonSerializer.Serialize(new
        {
            version = "curl-agent",
            resources = tunnels.Select(t => new Dictionary<string, string?> { ["id"] = t.Id, ["state"] = t.State, ["key_id"] = t.KeyId }),
        });
        return Curl.SendAsync("PUT", Url($"/api/v1/agents/{node}/ipsec/status"), body: report, bearer: Testbed.Nodes[node].AgentToken, netns: Testbed.Nodes[node].Netns);
    }
}
