using System.Text.Json;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// The key budget of <c>GET /nodes</c> against the KMEs' own counters on the testbed: the rate,
/// the pool and the drawn bits the view shows are what each node's KME says in ETSI 014
/// <c>status</c>, and a draw of known size shows up in both, exactly.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class LinkBudgetTests(TestbedFixture fixture)
{
    private static readonly (string Node, string Peer)[] Links = [("cait", "ccs"), ("ccs", "cait"), ("ccs", "rectorado"), ("rectorado", "ccs")];

    private Testbed Testbed => fixture.Testbed;

    private Curl Curl => new(Testbed.Ca);

    [Fact]
    public async Task Each_links_rate_pool_and_drawn_bits_in_the_nodes_view_are_its_KMEs_and_a_draw_shows_in_both_exactly()
    {
        Prerequisites.RequireRootAndPrograms("curl");
        // Once the pools are full and nothing draws, the agents' next read must equal the KMEs' own.
        foreach (var (node, peer) in Links)
        {
            await AgreeAsync(node, peer);
        }
        var before = await KmeAsync("cait", "ccs");

        var taken = await Curl.PostAsync(Testbed.Nodes["cait"].Keys("ccs", "enc_keys"), """{"number":8,"size":256}""", Testbed.Nodes["cait"].Sae);
        Assert.True(taken.Status == 200, taken.ToString());

        var (after, view) = await AgreeAsync("cait", "ccs");
        Assert.Equal(before.Drawn + (8 * 256), after.Drawn);
        Assert.True(view.GetProperty("drawn_bits_per_second").GetDouble() > 0, view.GetRawText());
        Assert.Equal(0, view.GetProperty("committed_bits_per_second").GetDouble());
    }

    /// <summary>Waits until the view of the link equals its KME's status, read right after it; returns both.</summary>
    private async Task<(KmeLink Kme, JsonElement View)> AgreeAsync(string node, string peer)
    {
        var last = "nothing yet";
        (KmeLink, JsonElement)? agreed = null;
        var waiting = Wait.UntilAsync(async () =>
        {
            var view = await ViewAsync(node, peer);
            var kme = await KmeAsync(node, peer);
            last = $"view {view.GetRawText()}; KME {kme}";
            if (view.TryGetProperty("produced_bits_per_second", out var rate) && rate.GetDouble() == kme.Rate
                && view.TryGetProperty("pool_bits", out var pool) && pool.GetInt64() == kme.Pool
                && view.TryGetProperty("drawn_bits", out var drawn) && drawn.GetInt64() == kme.Drawn)
            {
                agreed = (kme, view);
                return true;
            }
            return false;
        }, TimeSpan.FromSeconds(180), $"the nodes view of {node} → {peer} equal to its KME's status");
        var timedOut = await Record.ExceptionAsync(() => waiting);
        Assert.True(timedOut is null, $"{timedOut?.Message}; last seen: {last}");
        return agreed!.Value;
    }

    private async Task<JsonElement> ViewAsync(string node, string peer)
    {
        var answer = await Curl.SendAsync("GET", Testbed.ControlPlane.Url + "/api/v1/nodes", bearer: Testbed.ControlPlane.AdminToken);
        Assert.True(answer.Status == 200, answer.ToString());
        return answer.Json.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == node)
            .GetProperty("links").EnumerateArray().Single(l => l.GetProperty("peer").GetString() == peer).Clone();
    }

    private async Task<KmeLink> KmeAsync(string node, string peer)
    {
        var kme = Testbed.Nodes[node];
        var status = await Curl.GetAsync(kme.Keys(peer, "status"), kme.Sae);
        Assert.True(status.Status == 200, status.ToString());
        var json = status.Json;
        var extension = json.GetProperty("status_extension");
        return new KmeLink(extension.GetProperty("rate_bits_per_second").GetInt64(),
            (json.GetProperty("stored_key_count").GetInt64() * json.GetProperty("key_size").GetInt64()) + extension.GetProperty("owned_by_peer_bits").GetInt64(),
            extension.GetProperty("drawn_bits").GetInt64());
    }

    private sealed record KmeLink(long Rate, long Pool, long Drawn);
}
