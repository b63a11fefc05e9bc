using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.Contracts;
using QuantumAgents.Integration.Tests.Support;
using Xunit.Abstractions;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// What a TLS agent refuses on its own, whatever the control plane asked (issue 20): a target
/// outside what its node allows, and connections over a session's key budget.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class TlsAgentLimitsTests(TestbedFixture fixture, ITestOutputHelper output)
{
    private const int RefusedTargetListen = 18446;
    private const int FloodListen = 18447;
    private const int FloodConnections = 200;
    private const int FloodAndTunnelListen = 18448;
    private const int FloodBudget = 5;
    private const int RekeySeconds = 10;
    private const int FloodSeconds = 32;

    private Testbed Testbed => fixture.Testbed;

    private Curl Curl => new(Testbed.Ca);

    private string Url(string path) => Testbed.ControlPlane.Url + path;

    [Fact]
    public async Task A_target_the_server_node_declares_infrastructure_is_never_connected_to_and_the_session_fails_naming_it()
    {
        Prerequisites.RequireRootAndPrograms("ip", "curl", "python3", "sqlite3");
        var (rectoradoClientNetns, rectoradoClientAddress) = TlsAgentTestbed.Load().Clients["rectorado"];
        // A tenant's ordinary address, which the control plane accepts: only rectorado's own
        // configuration makes it infrastructure, so the refusal below is the agent's alone.
        await using var target = await ConnectionCountingListener.StartAsync(rectoradoClientNetns, rectoradoClientAddress, 18003);
        await using var reconfigured = await TlsAgentReconfiguration.StartAsync("rectorado",
            config => config["infrastructure_ranges"]!.AsArray().Add($"{rectoradoClientAddress}/32"));
        string? id = null;
        try
        {
            var created = await Curl.SendAsync("POST", Url("/api/v1/tls/sessions?wait=30"), bearer: Testbed.ControlPlane.TenantToken, maxSeconds: 40,
                body: $$"""{"client_node":"cait","server_node":"rectorado","listen":{{RefusedTargetListen}},"target":"{{target.Endpoint}}"}""");
            Assert.True(created.Status == 201, created.ToString());
            id = created.Json.GetProperty("id").GetString()!;
            var reason = $"{target.Endpoint} is an infrastructure address of this node ({rectoradoClientAddress}/32)";
            Assert.True(created.Json.GetProperty("state").GetString() == "failed", created.ToString());
            Assert.Equal($"rectorado: {reason}", created.Json.GetProperty("reason").GetString());
            var server = Side(created.Json, "server");
            Assert.Equal(("failed", reason), (server.GetProperty("state").GetString(), server.GetProperty("reason").GetString()));

            // cait's agent cannot know and tries (it takes a key); rectorado's closes the connection before fetching it.
            var deliveredBefore = await RectoradoDeliveriesAsync();
            var tried = await InNetns(Testbed.Nodes["cait"].Netns, "curl", "-sS", "--max-time", "10", "-o", "/dev/null",
                $"http://127.0.0.1:{RefusedTargetListen}/");
            Assert.True(tried.ExitCode is 52 or 56, $"curl exit {tried.ExitCode} (52/56 = closed/reset without an answer): {tried.StandardError}");
            Assert.Equal(deliveredBefore, await RectoradoDeliveriesAsync());
            Assert.Equal(0, target.Accepted);
        }
        finally
        {
            if (id is not null)
            {
                await Curl.SendAsync("DELETE", Url($"/api/v1/tls/sessions/{id}?wait=30"), bearer: Testbed.ControlPlane.TenantToken, maxSeconds: 40);
            }
        }
    }

    [Fact]
    public async Task A_connect_and_close_flood_draws_no_more_keys_from_the_KME_than_the_sessions_budget_and_the_rest_are_refused_and_counted()
    {
        Prerequisites.RequireRootAndPrograms("ip", "curl", "python3", "sqlite3");
        var (rectoradoClientNetns, rectoradoClientAddress) = TlsAgentTestbed.Load().Clients["rectorado"];
        await using var service = await ConnectionCountingListener.StartAsync(rectoradoClientNetns, rectoradoClientAddress, 18004);
        const int Budget = TlsSessionWork.DefaultConnectionsPerSecond; // asked for explicitly: the control plane passes it to both agents
        var created = await Curl.SendAsync("POST", Url("/api/v1/tls/sessions?wait=30"), bearer: Testbed.ControlPlane.TenantToken, maxSeconds: 40,
            body: $$"""{"client_node":"cait","server_node":"rectorado","listen":{{FloodListen}},"target":"{{service.Endpoint}}","connections_per_second":{{Budget}}}""");
        Assert.True(created.Json.GetProperty("state").GetString() == "established", created.ToString());
        var id = created.Json.GetProperty("id").GetString()!;
        var drawnBefore = await CaitDrawsAsync();

        // Connect and close, as fast as python goes, from cait's namespace. The clock runs from
        // before the first connection until cait's report has counted the last: every key the
        // agent drew for them was drawn inside that time.
        var clock = Stopwatch.StartNew();
        var flood = await InNetns(Testbed.Nodes["cait"].Netns, "python3", "-c",
            $"import socket\nfor _ in range({FloodConnections}):\n    try: socket.create_connection(('127.0.0.1', {FloodListen})).close()\n    except OSError: pass");
        Assert.True(flood.ExitCode == 0, flood.StandardError);
        var details = await WaitForClientDetailsAsync(id,
            d => d.GetProperty("connections_total").GetInt64() + d.GetProperty("connections_refused").GetInt64() == FloodConnections
                 && d.GetProperty("connections_open").GetInt64() == 0,
            $"cait's TLS agent to account for all {FloodConnections} connections");
        var elapsed = clock.Elapsed.TotalSeconds;

        var drawn = await CaitDrawsAsync() - drawnBefore;
        var allowed = (Budget * elapsed) + Budget;
        output.WriteLine($"{FloodConnections} connections: {drawn} keys drawn, {details.GetProperty("connections_refused")} refused, "
            + $"{elapsed:0.00} s until reported (budget {allowed:0.0} keys)");
        Assert.True(allowed < FloodConnections, $"the flood and its report took {elapsed:0.0} s: too slow for the budget ({allowed:0} keys) to bite");
        // At least the burst: the session's bucket starts full.
        Assert.True(drawn >= Budget && drawn <= allowed, $"{drawn} keys drawn in {elapsed:0.0} s; the budget: {Budget}/s + a burst of {Budget}");
        Assert.Equal(drawn, details.GetProperty("keys_consumed").GetInt64());
        Assert.Equal(FloodConnections - drawn, details.GetProperty("connections_refused").GetInt64());
        Assert.Equal(details.GetProperty("connections_refused").GetInt64(),
            details.GetProperty("refused_rate_limited").GetInt64() + details.GetProperty("refused_handshake_limited").GetInt64());
        Assert.Equal(0, details.GetProperty("refused_max_connections").GetInt64());
        Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/tls/sessions/{id}?wait=30"), bearer: Testbed.ControlPlane.TenantToken)).Status);
    }

    /// <summary>
    /// The budget must neither give a flood more keys than it allows nor starve a neighbour: a
    /// tunnel cait ⇄ rectorado on the same two links keeps re-authenticating with a fresh key
    /// every 10 s while a TLS session cait → rectorado is flooded with connect-and-close.
    /// </summary>
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
                body: $$"""{"client_node":"cait","server_node":"rectorado","listen":{{FloodAndTunnelListen}},"target":"{{service.Endpoint}}","connections_per_second":{{FloodBudget}}}""");
            Assert.True(opened.Status == 201 && opened.Json.GetProperty("state").GetString() == "established", opened.ToString());
            session = opened.Json.GetProperty("id").GetString()!;
            var tlsKeysBefore = await CaitDrawsAsync();

            // The flood runs for FloodSeconds; meanwhile the tunnel's key_ID is read every second.
            var clock = Stopwatch.StartNew();
            var flood = InNetns(Testbed.Nodes["cait"].Netns, "python3", "-c",
                $"import socket, time\nend = time.monotonic() + {FloodSeconds}\nn = 0\nwhile time.monotonic() < end:\n"
                + $"    try: socket.create_connection(('127.0.0.1', {FloodAndTunnelListen})).close(); n += 1\n    except OSError: pass\nprint(n)");
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
            // The agent reports its counters on its own rhythm; a connection still in the listen
            // backlog when the flood ends is counted a report later. Until the report agrees with
            // the ledger (or 15 tries), read both again.
            JsonElement details;
            long tlsKeys;
            var tries = 0;
            do
            {
                details = await WaitForClientDetailsAsync(session,
                    d => d.GetProperty("connections_total").GetInt64() + d.GetProperty("connections_refused").GetInt64() >= connections
                         && d.GetProperty("connections_open").GetInt64() == 0,
                    $"cait's TLS agent to account for all {connections} connections");
                tlsKeys = await CaitDrawsAsync() - tlsKeysBefore;
            }
            while (details.GetProperty("keys_consumed").GetInt64() != tlsKeys && ++tries < 15 && await Pause());
            var elapsed = clock.Elapsed.TotalSeconds;

            output.WriteLine($"{connections} connections in {FloodSeconds} s: {tlsKeys} TLS keys drawn (budget {FloodBudget}/s), "
                + $"{details.GetProperty("refused_rate_limited")} refused by the bucket; tunnel keys seen: {tunnelKeys.Count}");
            Assert.True(connections > 4 * FloodBudget * FloodSeconds, $"only {connections} connections: not a flood");
            Assert.True(tlsKeys <= (FloodBudget * elapsed) + FloodBudget, $"{tlsKeys} keys drawn in {elapsed:0.0} s; the budget: {FloodBudget}/s + a burst of {FloodBudget}");
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

    private static async Task<bool> Pause()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        return true;
    }

    private static JsonElement Side(JsonElement session, string role) =>
        session.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("role").GetString() == role);

    private async Task<JsonElement> WaitForClientDetailsAsync(string id, Func<JsonElement, bool> done, string what)
    {
        JsonElement details = default;
        await Wait.UntilAsync(async () =>
        {
            var session = await Curl.SendAsync("GET", Url($"/api/v1/tls/sessions/{id}"), bearer: Testbed.ControlPlane.TenantToken);
            if (Side(session.Json, "client").TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object && done(d))
            {
                details = d.Clone();
                return true;
            }
            return false;
        }, TimeSpan.FromSeconds(30), what);
        return details;
    }

    /// <summary>Keys cait's KME has handed to cait's TLS agent as master SAE (ETSI 014 <c>enc_keys</c>), ever.</summary>
    private static async Task<long> CaitDrawsAsync() =>
        long.Parse((await KmeDatabase.QueryNodeAsync("cait", "SELECT count(*) FROM ledger WHERE sae = 'cait-tls' AND role = 'master'")).Single(),
            CultureInfo.InvariantCulture);

    /// <summary>Keys rectorado's KME has handed to rectorado's TLS agent (<c>dec_keys</c>), ever.</summary>
    private static async Task<long> RectoradoDeliveriesAsync() =>
        long.Parse((await KmeDatabase.QueryNodeAsync("rectorado", "SELECT count(*) FROM ledger WHERE sae = 'rectorado-tls' AND role = 'slave'")).Single(),
            CultureInfo.InvariantCulture);

    private static Task<BufferedCommandResult> InNetns(string netns, params string[] command) =>
        Cli.Wrap("ip").WithArguments(["netns", "exec", netns, .. command]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
}
