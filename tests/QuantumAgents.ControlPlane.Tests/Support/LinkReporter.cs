using System.Net;
using System.Text.Json.Nodes;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// A node's QRNG agent played by the test to report what its KME says of a link: the rate, the
/// pool and the counters, at a read time the test chooses (the budget is computed from them).
/// </summary>
public sealed class LinkReporter(ControlPlaneServer server, string node)
{
    private readonly HttpClient _client = server.Agent(node);

    public async Task ReportAsync(string peer, long rateBitsPerSecond, long poolBits = 1_000_000, long drawnBits = 0, DateTimeOffset? readAt = null)
    {
        var report = new JsonObject
        {
            ["version"] = "test-1.0",
            ["links"] = new JsonArray(new JsonObject
            {
                ["peer"] = peer, ["stored_key_count"] = poolBits / 256, ["max_key_count"] = 100_000,
                ["read_at"] = (readAt ?? server.Clock.GetUtcNow()).ToString("O"), ["rate_bits_per_second"] = rateBitsPerSecond,
                ["pool_bits"] = poolBits, ["produced_bits"] = 0, ["drawn_bits"] = drawnBits,
            }),
        };
        var (status, _) = await _client.PutJsonAsync($"/api/v1/agents/{node}/qrng/status", report.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, status);
    }

    /// <summary>Both ends of a link report the same rate.</summary>
    public static async Task BothEndsAsync(ControlPlaneServer server, string a, string b, long rateBitsPerSecond)
    {
        await new LinkReporter(server, a).ReportAsync(b, rateBitsPerSecond);
        await new LinkReporter(server, b).ReportAsync(a, rateBitsPerSecond);
    }
}
