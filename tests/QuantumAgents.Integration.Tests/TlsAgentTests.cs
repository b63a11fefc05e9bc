using System.Security.Cryptography;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// qa-tls-agent on the testbed, driven only through the control plane's REST API: a tenant
/// creates a session cait → rectorado for an HTTP server in rectorado's client network, and
/// curl inside cait's namespace fetches through both agents (TLS 1.3 PSK, a fresh QKD key per
/// connection from the real KMEs).
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class TlsAgentTests(TestbedFixture fixture)
{
    private const int ListenPort = 18443;
    private const int ParallelConnections = 100;
    private const int LargeFileBytes = 32 * 1024 * 1024;

    private Testbed Testbed => fixture.Testbed;

    private Curl Curl => new(Testbed.Ca);

    private string Url(string path) => Testbed.ControlPlane.Url + path;

    [Fact]
    public async Task A_session_carries_a_page_a_large_file_byte_exact_and_100_parallel_connections_each_with_its_own_key_and_delete_closes_it()
    {
        Prerequisites.RequireRootAndPrograms("ip", "curl", "python3", "sqlite3");
        Assert.True(File.Exists(TlsAgentTestbed.AgentBinary), $"{TlsAgentTestbed.AgentBinary} is missing: build with `dotnet build -c Release`");
        var clients = TlsAgentTestbed.Load().Clients;
        var (rectoradoClientNetns, rectoradoClientAddress) = clients["rectorado"];
        var cait = Testbed.Nodes["cait"].Netns;
        var site = Directory.CreateTempSubdirectory("qa-tls-site-");
        try
        {
            var page = $"<h1>through quantum-keyed TLS {Guid.NewGuid()}</h1>\n";
            await File.WriteAllTextAsync(Path.Combine(site.FullName, "index.html"), page);
            var large = RandomNumberGenerator.GetBytes(LargeFileBytes);
            await File.WriteAllBytesAsync(Path.Combine(site.FullName, "large.bin"), large);
            await using var server = await NamespacedHttpServer.StartAsync(rectoradoClientNetns, rectoradoClientAddress, 18000, site.FullName,
                probeNetns: Testbed.Nodes["rectorado"].Netns);

            var created = await Curl.SendAsync("POST", Url("/api/v1/tls/sessions?wait=30"), bearer: Testbed.ControlPlane.TenantToken,
                body: $$"""{"client_node":"cait","server_node":"rectorado","listen":{{ListenPort}},"target":"{{server.Endpoint}}"}""");
            Assert.True(created.Status == 201, created.ToString());
            Assert.True(created.Json.GetProperty("state").GetString() == "established", created.ToString());
            var id = created.Json.GetProperty("id").GetString()!;
            var through = $"http://127.0.0.1:{ListenPort}";

            var fetched = await Curl.SendAsync("GET", $"{through}/index.html", netns: cait);
            Assert.Equal((200, page), (fetched.Status, fetched.Body));

            var downloaded = Path.Combine(site.FullName, "downloaded.bin");
            var download = await InNetns(cait, "curl", "-sS", "--fail", "--max-time", "120", "-o", downloaded, $"{through}/large.bin");
            Assert.True(download.ExitCode == 0, download.StandardError);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(large)), Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(downloaded))));

            var deliveredBefore = await DeliveredKeyIdsAsync();
            var parallel = await ParallelGetAsync(cait, $"{through}/index.html", ParallelConnections);
            Assert.Equal(Enumerable.Repeat("200", ParallelConnections), parallel);
            var delivered = (await DeliveredKeyIdsAsync()).Except(deliveredBefore).ToList();
            Assert.Equal(ParallelConnections, delivered.Count);
            Assert.Equal(ParallelConnections, delivered.Distinct().Count());

            var client = await WaitForClientReportAsync(id, totalConnections: 2 + ParallelConnections);
            Assert.Equal(client.GetProperty("connections_total").GetInt64(), client.GetProperty("keys_consumed").GetInt64());
            Assert.Equal(0, client.GetProperty("refused_max_connections").GetInt64()); // 100 at once are well under the default limit
            Assert.True(client.GetProperty("bytes_to_client").GetInt64() > LargeFileBytes, client.ToString());

            var deleted = await Curl.SendAsync("DELETE", Url($"/api/v1/tls/sessions/{id}?wait=30"), bearer: Testbed.ControlPlane.TenantToken);
            Assert.True(deleted.Status == 204, deleted.ToString());
            var afterDelete = await InNetns(cait, "curl", "-sS", "--max-time", "5", "-o", "/dev/null", $"{through}/index.html");
            Assert.True(afterDelete.ExitCode == 7, $"curl exit {afterDelete.ExitCode} (7 = connection refused): {afterDelete.StandardError}");
        }
        finally
        {
            site.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task With_cait_s_KME_down_new_connections_are_refused_with_a_clear_error_while_an_established_one_keeps_flowing()
    {
        Prerequisites.RequireRootAndPrograms("ip", "curl", "python3");
        var (rectoradoClientNetns, rectoradoClientAddress) = TlsAgentTestbed.Load().Clients["rectorado"];
        var cait = Testbed.Nodes["cait"].Netns;
        var site = Directory.CreateTempSubdirectory("qa-tls-site-");
        try
        {
            var slow = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);
            await File.WriteAllBytesAsync(Path.Combine(site.FullName, "slow.bin"), slow);
            await File.WriteAllTextAsync(Path.Combine(site.FullName, "index.html"), "up\n");
            await using var server = await NamespacedHttpServer.StartAsync(rectoradoClientNetns, rectoradoClientAddress, 18001, site.FullName,
                probeNetns: Testbed.Nodes["rectorado"].Netns);
            var created = await Curl.SendAsync("POST", Url("/api/v1/tls/sessions?wait=30"), bearer: Testbed.ControlPlane.TenantToken,
                body: $$"""{"client_node":"cait","server_node":"rectorado","listen":{{ListenPort + 1}},"target":"{{server.Endpoint}}"}""");
            Assert.True(created.Json.GetProperty("state").GetString() == "established", created.ToString());
            var id = created.Json.GetProperty("id").GetString()!;
            var through = $"http://127.0.0.1:{ListenPort + 1}";
            var downloaded = Path.Combine(site.FullName, "downloaded.bin");

            // 6 MiB at 1 MB/s: still flowing while the KME is down and back.
            var flowing = InNetns(cait, "curl", "-sS", "--fail", "--limit-rate", "1M", "--max-time", "60", "-o", downloaded, $"{through}/slow.bin");
            await Task.Delay(TimeSpan.FromSeconds(1));
            await Testbed.RunAsync("kill-kme", "cait");
            try
            {
                var refused = await InNetns(cait, "curl", "-sS", "--max-time", "10", "-o", "/dev/null", $"{through}/index.html");
                Assert.True(refused.ExitCode is 52 or 56, $"curl exit {refused.ExitCode} (52/56 = closed/reset without an answer): {refused.StandardError}");
                var error = await WaitForClientErrorAsync(id);
                Assert.Contains("KME https://", error, StringComparison.Ordinal);
                Assert.Contains("unreachable", error, StringComparison.Ordinal);
            }
            finally
            {
                await Testbed.RunAsync("start-kme", "cait");
            }

            var finished = await flowing;
            Assert.True(finished.ExitCode == 0, finished.StandardError);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(slow)), Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(downloaded))));
            var again = await Curl.SendAsync("GET", $"{through}/index.html", netns: cait);
            Assert.Equal((200, "up\n"), (again.Status, again.Body));
            Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/tls/sessions/{id}?wait=30"), bearer: Testbed.ControlPlane.TenantToken)).Status);
        }
        finally
        {
            site.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Over_the_sessions_max_connections_a_new_connection_is_closed_at_once_and_counted_until_the_slot_is_free()
    {
        Prerequisites.RequireRootAndPrograms("ip", "curl", "python3");
        var (rectoradoClientNetns, rectoradoClientAddress) = TlsAgentTestbed.Load().Clients["rectorado"];
        var cait = Testbed.Nodes["cait"].Netns;
        var site = Directory.CreateTempSubdirectory("qa-tls-site-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(site.FullName, "index.html"), "up\n");
            await using var server = await NamespacedHttpServer.StartAsync(rectoradoClientNetns, rectoradoClientAddress, 18002, site.FullName,
                probeNetns: Testbed.Nodes["rectorado"].Netns);
            var port = ListenPort + 2;
            var created = await Curl.SendAsync("POST", Url("/api/v1/tls/sessions?wait=30"), bearer: Testbed.ControlPlane.TenantToken,
                body: $$"""{"client_node":"cait","server_node":"rectorado","listen":{{port}},"target":"{{server.Endpoint}}","max_connections":1}""");
            Assert.True(created.Json.GetProperty("state").GetString() == "established", created.ToString());
            Assert.Equal(1, created.Json.GetProperty("max_connections").GetInt32());
            var id = created.Json.GetProperty("id").GetString()!;
            var through = $"http://127.0.0.1:{port}";

            // An idle connection through the session holds its one slot: the HTTP server waits for
            // a request that never comes. (A download would not: the sockets' buffers take it whole.)
            using var holding = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var holder = Cli.Wrap("ip")
                .WithArguments(["netns", "exec", cait, "python3", "-c", $"import socket, time\ns = socket.create_connection(('127.0.0.1', {port}))\ntime.sleep(60)"])
                .WithValidation(CommandResultValidation.None).ExecuteAsync(holding.Token);
            await WaitForClientDetailAsync(id, "connections_open", 1);
            var refused = await InNetns(cait, "curl", "-sS", "--max-time", "10", "-o", "/dev/null", $"{through}/index.html");
            // On loopback the reset can beat the end of curl's connect (7); the counter below tells
            // it from a port nobody listens on.
            Assert.True(refused.ExitCode is 7 or 52 or 56, $"curl exit {refused.ExitCode} (7/52/56 = reset at connect/closed/reset without an answer): {refused.StandardError}");

            var details = await WaitForClientDetailAsync(id, "connections_refused", 1);
            Assert.Equal(1, details.GetProperty("keys_consumed").GetInt64());
            Assert.Contains("max_connections (1)", details.GetProperty("last_error").GetString(), StringComparison.Ordinal);
            await holding.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await holder);
            await WaitForClientDetailAsync(id, "connections_open", 0);
            var again = await Curl.SendAsync("GET", $"{through}/index.html", netns: cait);
            Assert.Equal((200, "up\n"), (again.Status, again.Body));
            Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/tls/sessions/{id}?wait=30"), bearer: Testbed.ControlPlane.TenantToken)).Status);
        }
        finally
        {
            site.Delete(recursive: true);
        }
    }

    /// <summary>The client side's <c>details</c> once <paramref name="name"/> reads <paramref name="value"/>.</summary>
    private async Task<JsonElement> WaitForClientDetailAsync(string id, string name, long value)
    {
        JsonElement details = default;
        await Wait.UntilAsync(async () =>
        {
            var session = await Curl.SendAsync("GET", Url($"/api/v1/tls/sessions/{id}"), bearer: Testbed.ControlPlane.TenantToken);
            var side = session.Json.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("role").GetString() == "client");
            if (side.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object && d.GetProperty(name).GetInt64() == value)
            {
                details = d.Clone();
                return true;
            }
            return false;
        }, TimeSpan.FromSeconds(30), $"cait's TLS agent to report {name} = {value}");
        return details;
    }

    /// <summary>The client side's <c>last_error</c>, once it reports one.</summary>
    private async Task<string> WaitForClientErrorAsync(string id)
    {
        var error = "";
        await Wait.UntilAsync(async () =>
        {
            var session = await Curl.SendAsync("GET", Url($"/api/v1/tls/sessions/{id}"), bearer: Testbed.ControlPlane.TenantToken);
            var side = session.Json.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("role").GetString() == "client");
            if (side.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("last_error", out var e))
            {
                error = e.GetString()!;
                return true;
            }
            return false;
        }, TimeSpan.FromSeconds(30), "cait's TLS agent to report the failed connection");
        return error;
    }

    /// <summary>Every key_ID rectorado's KME has handed to its TLS agent's SAE (the ledger keeps each delivery once).</summary>
    private static Task<IReadOnlyList<string>> DeliveredKeyIdsAsync() =>
        KmeDatabase.QueryNodeAsync("rectorado", "SELECT key_id FROM ledger WHERE sae = 'rectorado-tls' AND role = 'slave'");

    /// <summary>
    /// One curl process, <paramref name="count"/> transfers at once: the HTTP status of each. More
    /// than the session's budget of new connections per second (10 by default) start at once, so
    /// the agent resets the rest before they cost a key; curl tries each again a second later.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ParallelGetAsync(string netns, string url, int count)
    {
        var config = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(config, Enumerable.Range(0, count).SelectMany(_ => new[] { $"url = \"{url}\"", "output = \"/dev/null\"" }));
            var result = await InNetns(netns, "curl", "-s", "--parallel", "--parallel-immediate", "--parallel-max", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--retry", "60", "--retry-all-errors", "--retry-delay", "1", "--max-time", "60", "-w", "%{http_code}\n", "--config", config);
            return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(config);
        }
    }

    /// <summary>The client side's <c>details</c> once its report counts <paramref name="totalConnections"/> closed connections.</summary>
    private async Task<JsonElement> WaitForClientReportAsync(string id, long totalConnections)
    {
        JsonElement details = default;
        await Wait.UntilAsync(async () =>
        {
            var session = await Curl.SendAsync("GET", Url($"/api/v1/tls/sessions/{id}"), bearer: Testbed.ControlPlane.TenantToken);
            var side = session.Json.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("role").GetString() == "client");
            if (side.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object
                && d.GetProperty("connections_total").GetInt64() >= totalConnections && d.GetProperty("connections_open").GetInt64() == 0)
            {
                details = d.Clone();
                return true;
            }
            return false;
        }, TimeSpan.FromSeconds(30), $"cait's TLS agent to report {totalConnections} finished connections");
        return details;
    }

    private static Task<BufferedCommandResult> InNetns(string netns, params string[] command) =>
        Cli.Wrap("ip").WithArguments(["netns", "exec", netns, .. command]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
}
