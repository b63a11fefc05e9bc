using System.Net;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary><c>GET /api/v1/nodes</c> per link: produced, committed, drawn, pool and time until empty.</summary>
public sealed class LinkBudgetViewTests : DemoTenantApiTest
{
    [Fact]
    public async Task A_link_shows_its_rate_the_draw_promised_the_draw_measured_between_two_reads_and_when_its_pool_runs_dry()
    {
        var cait = new LinkReporter(Server, "cait");
        var start = Server.Clock.GetUtcNow();
        await cait.ReportAsync("ccs", 100, poolBits: 18_160, drawnBits: 1_000, readAt: start);
        Assert.Equal(HttpStatusCode.Created, (await Tenant.PostJsonAsync("/api/v1/ipsec/tunnels",
            """{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"],"rekey_seconds":10}""")).Status);
        var before = await LinkAsync("cait", "ccs");
        // The same read repeated in a heartbeat measures nothing; a read 10 s later does.
        await cait.ReportAsync("ccs", 100, poolBits: 18_160, drawnBits: 1_000, readAt: start);
        await cait.ReportAsync("ccs", 100, poolBits: 15_600, drawnBits: 3_560, readAt: start.AddSeconds(10));

        var link = await LinkAsync("cait", "ccs");
        var relayed = await LinkAsync("ccs", "rectorado");

        Assert.False(before.TryGetProperty("drawn_bits_per_second", out _));
        Assert.Equal((100.0, 25.6, 256.0, 15_600L, 100.0, 60L),
            (link.GetProperty("produced_bits_per_second").GetDouble(), link.GetProperty("committed_bits_per_second").GetDouble(),
             link.GetProperty("drawn_bits_per_second").GetDouble(), link.GetProperty("pool_bits").GetInt64(),
             link.GetProperty("seconds_until_empty").GetDouble(), link.GetProperty("stored_key_count").GetInt64()));
        Assert.Equal(25.6, relayed.GetProperty("committed_bits_per_second").GetDouble());
        Assert.False(relayed.TryGetProperty("produced_bits_per_second", out _));
    }

    [Fact]
    public async Task A_pool_that_is_not_shrinking_has_no_time_until_empty_and_a_KME_restart_starts_the_measure_over()
    {
        var cait = new LinkReporter(Server, "cait");
        var start = Server.Clock.GetUtcNow();
        await cait.ReportAsync("ccs", 1000, drawnBits: 50_000, readAt: start);
        await cait.ReportAsync("ccs", 1000, drawnBits: 55_000, readAt: start.AddSeconds(10));
        var slow = await LinkAsync("cait", "ccs");
        await cait.ReportAsync("ccs", 1000, drawnBits: 10, readAt: start.AddSeconds(20));

        var restarted = await LinkAsync("cait", "ccs");

        Assert.Equal(500.0, slow.GetProperty("drawn_bits_per_second").GetDouble());
        Assert.False(slow.TryGetProperty("seconds_until_empty", out _));
        Assert.False(restarted.TryGetProperty("drawn_bits_per_second", out _));
    }

    private async Task<System.Text.Json.JsonElement> LinkAsync(string node, string peer)
    {
        var nodes = (await Tenant.GetJsonAsync("/api/v1/nodes")).Body.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.Str("name"));
        return nodes[node].GetProperty("links").EnumerateArray().Single(l => l.Str("peer") == peer);
    }
}
