using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>An agent played by the test: it polls its work and reports what the test tells it to.</summary>
public sealed class ScriptedAgent(ControlPlaneServer server, string node, string kind)
{
    private readonly HttpClient _client = server.Agent(node);

    public string Node => node;

    public async Task<JsonElement> WorkAsync(long revision = -1, int waitSeconds = 0)
    {
        var (status, body) = await _client.GetJsonAsync($"/api/v1/agents/{node}/{kind}/work?revision={revision}&wait={waitSeconds}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    /// <summary>Reports these resources (id → state, optional key_ID and reason) and nothing else.</summary>
    public async Task<JsonElement> ReportAsync(params (string Id, string State, string? KeyId, string? Reason)[] resources)
    {
        var report = new JsonObject
        {
            ["version"] = "test-1.0",
            ["facts"] = new JsonObject { ["charon"] = "5.9.8" },
            ["links"] = new JsonArray(new JsonObject { ["peer"] = "ccs", ["stored_key_count"] = 100, ["max_key_count"] = 1000 }),
            ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id, ["state"] = r.State, ["key_id"] = r.KeyId, ["reason"] = r.Reason,
                ["details"] = new JsonObject { ["spi_in"] = "c0ffee01" },
            })]),
        };
        var (status, body) = await _client.PutJsonAsync($"/api/v1/agents/{node}/{kind}/status", report.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public static IEnumerable<JsonElement> Items(JsonElement work, string list) =>
        work.TryGetProperty(list, out var items) ? items.EnumerateArray() : [];
}
