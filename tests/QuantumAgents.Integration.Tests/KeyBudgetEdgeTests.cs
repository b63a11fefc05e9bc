using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.Integration.Tests.Support;
using Xunit.Abstractions;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// The key budget where the bytes are drawn, on the testbed: a connect-and-close flood on a TLS
/// session cait → rectorado is held to the session's connections per second, while an IPsec
/// tunnel cait ⇄ rectorado on the same two links keeps re-authenticating with a fresh key every
/// 10 s. The flood must neither get more keys than its budget nor starve the tunnel.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class KeyBudgetEdgeTests(TestbedFixture fixture, ITestOutputHelper output)
{
    private const int Listen = 18448;
    private const int Budget = 5;
    private const int RekeySeconds = 10;
    private const int FloodSeconds = 32;

    private Testbed Testbed => fixture.Testbed;

    private Curl Curl => new(Testbed.Ca);

    private string Url(string path) => Testbed.ControlPlane.Url + path;

    [Fact]
    public async Task A_flood_on_a_TLS_session_is_held_to_its_budget_while_a_tunnel_on_the_same_links_keeps_rekeying_with_fresh_keys()
    {
        Prerequisites.RequireRootAndPrograms("ip", "curl", "python3", "sqlite3", "swanctl");
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");
        var (serviceNetns, serviceAddress) = TlsAgentTestbed.Load().Clients["rectorado"];
        await using var service = await ConnectionCountingListener.StartAsync(serviceNetns, serviceAddress, 18005);
        var tenant = Testbed.ControlPlane.TenantToken;
        string? tunnel = null, session = null;
        try
        {
            var created = await Curl.SendAsync("POST", Url("/api/v1/ipsec/tunnels?wait=60"), bearer: tenant, maxSeconds: 70,
                body: $$"""{"a":"cait","b":"rectorado","a_subnets":["{{cait.ClientSubnet}}"],"b_subnets":["{{rectorado.ClientSubnet}}"],"rekey_seconds":{{RekeySeconds}}}""");
            Assert.True(created.Status == 201 && created.Json.GetProperty("state").GetString() == "established", created.ToString());
            tunnel = created.Json.GetProperty("id").GetString()!;
            var opened = await Curl.SendAsync("POST", Url("/api/v1/tls/sessions?wait=30"), bearer: tenant, maxSeconds: 40,
                body: $$"""{"client_node":"cait","server_node":"rectorado","listen":{{Listen}},"target":"{{service.Endpoint}}","connections_per_second":{{Budget}}}""");
            Assert.True(opened.Status == 201 && opened.Json.GetProperty("state").GetString() == "established", opened.ToString());
            session = opened.Json.GetProperty("id").GetString()!;
            var tlsKeysBefore = await DrawsAsync("cait-tls");

            // The flood runs for FloodSeconds; meanwhile the tunnel's key_ID is read every second.
            var clock = Stopwatch.StartNew();
            var flood = InNetns(Testbed.Nodes["cait"].Netns, "python3", "-c",
                $"import socket, time\nend = time.monotonic() + {FloodSeconds}\nn = 0\nwhile time.monotonic() < end:\n"
                + $"    try: socket.create_connection(('127.0.0.1', {Listen})).close(); n += 1\n    except OSError: pass\nprint(n)");
            var tunnelKeys = new List<string>();
            while (!flood.IsCompleted)
            {
                if (await InitiatorKeyIdAsync(tunnel) is { } keyId && (tunnelKeys.Count == 0 || tunnelKeys[^1] != keyId))
                {
                    tunnelKeys.Add(keyId);
                }
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            var connections = int.Parse((await flood).StandardOutput.Trim(), CultureInfo.InvariantCulture);
            var details = await ClientDetailsAsync(session, connections);
            var elapsed = clock.Elapsed.TotalSeconds;
            var tlsKeys = await DrawsAsync("cait-tls") - tlsKeysBefore;

            output.WriteLine($"{connections} connections in {FloodSeconds} s: {tlsKeys} TLS keys drawn (budget {Budget}/s), "
                + $"{details.GetProperty("refused_rate_limited")} refused by the bucket; tunnel keys seen: {tunnelKeys.Count}");
            Assert.True(connections > 4 * Budget * FloodSeconds, $"only {connections} connections: not a flood");
            Assert.True(tlsKeys <= (Budget * elapsed) + Budget, $"{tlsKeys} keys drawn in {elapsed:0.0} s; the budget: {Budget}/s + a burst of {Budget}");
            Assert.Equal(tlsKeys, details.GetProperty("keys_consumed").GetInt64());
            Assert.True(details.GetProperty("refused_rate_limited").GetInt64() > 0, details.GetRawText());
            // Re-authenticated at least twice in the flood, each time under a key_ID never used before.
            Assert.True(tunnelKeys.Count >= 3, $"tunnel key_IDs seen during the flood: {string.Join(", ", tunnelKeys)}");
            Assert.Equal(tunnelKeys.Count, tunnelKeys.Distinct(StringComparer.Ordinal).Count());
            var after = await Curl.SendAsync("GET", Url($"/api/v1/ipsec/tunnels/{tunnel}"), bearer: tenant);
            Assert.Equal("established", after.Json.GetProperty("state").GetString());
        }
        finally
        {
            foreach (var (path, id) in new[] { ("/api/v1/tls/sessions", session), ("/api/v1/ipsec/tunnels", tunnel) })
            {
                if (id is not null)
                {
                    await Curl.SendAsync("DELETE", Url($"{path}/{id}?wait=30"), bearer: tenant, maxSeconds: 40);
                }
            }
        }
    }

    /// <summary>The key_ID(s) the tunnel's initiator took last, as cait's agent reported them.</summary>
    private async Task<string?> InitiatorKeyIdAsync(string tunnel)
    {
        var view = await Curl.SendAsync("GET", Url($"/api/v1/ipsec/tunnels/{tunnel}"), bearer: Testbed.ControlPlane.TenantToken);
        var initiator = view.Json.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("role").GetString() == "initiator");
        return initiator.TryGetProperty("key_id", out var keyId) && keyId.ValueKind == JsonValueKind.String ? keyId.GetString() : null;
    }

    /// <summary>The client side's counters once they account for every connection of the flood.</summary>
    private async Task<JsonElement> ClientDetailsAsync(string session, int connections)
    {
        JsonElement details = default;
        await Wait.UntilAsync(async () =>
        {
            var view = await Curl.SendAsync("GET", Url($"/api/v1/tls/sessions/{session}"), bearer: Testbed.ControlPlane.TenantToken);
            var client = view.Json.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("role").GetString() == "client");
            if (client.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object
                && d.GetProperty("connections_total").GetInt64() + d.GetProperty("connections_refused").GetInt64() >= connections
                && d.GetProperty("connections_open").GetInt64() == 0)
            {
                details = d.Clone();
                return true;
            }
            return false;
        }, TimeSpan.FromSeconds(30), $"cait's TLS agent to account for all {connections} connections");
        return details;
    }

    /// <summary>Keys cait's KME has handed to <paramref name="sae"/> as master SAE (ETSI 014 <c>enc_keys</c>), ever.</summary>
    private static async Task<long> DrawsAsync(string sae) =>
        long.Parse((await KmeDatabase.QueryNodeAsync("cait", $"SELECT count(*) FROM ledger WHERE sae = '{sae}' AND role = 'master'")).Single(),
            CultureInfo.InvariantCulture);

    private static Task<BufferedCommandResult> InNetns(string netns, params string[] command) =>
        Cli.Wrap("ip").WithArguments(["netns", "exec", netns, .. command]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
}
