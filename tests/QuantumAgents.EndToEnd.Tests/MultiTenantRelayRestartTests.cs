using System.Text.Json;
using QuantumAgents.EndToEnd.Tests.Support;
using QuantumAgents.Integration.Tests.Support;
using Xunit.Abstractions;

namespace QuantumAgents.EndToEnd.Tests;

/// <summary>
/// Service 7: the TLS and IPsec services for three tenants at once, each isolated from the
/// others, through a restart of the relay's KME (ccs) in the middle of their traffic.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class MultiTenantRelayRestartTests(TestbedFixture fixture, ITestOutputHelper output)
{
    private const int Tenants = 3;

    private Testbed Testbed => fixture.Testbed;

    [Fact]
    public async Task Three_tenants_see_only_their_own_services_which_recover_from_a_relay_restart_without_any_key_ID_delivered_twice()
    {
        Prerequisites.RequireRootAndPrograms("ip", "curl", "ping", "python3", "sqlite3");
        var cait = ClientSide.Load("cait");
        var rectorado = ClientSide.Load("rectorado");
        var admin = new TenantApi(Testbed, Testbed.ControlPlane.AdminToken);
        var site = Directory.CreateTempSubdirectory("qa-e2e-tenants-");
        var tenants = new List<TenantServices>();
        var addresses = new List<ExtraAddress>();
        try
        {
            var page = $"<p>shared by three tenants {Guid.NewGuid()}</p>\n";
            await File.WriteAllTextAsync(Path.Combine(site.FullName, "index.html"), page);
            await using var http = await NamespacedHttpServer.StartAsync(rectorado.Netns, rectorado.Address, 18020, site.FullName, probeNetns: Testbed.Nodes["rectorado"].Netns);
            for (var i = 1; i <= Tenants; i++)
            {
                // The testbed's controld.json gives tenant e2e-i its own client networks (below);
                // one left by an interrupted run is emptied and removed first.
                await ForgetLeftoverTenantAsync(admin, $"e2e-{i}");
                var created = await admin.SendAsync("POST", "/tenants", $$"""{"name":"e2e-{{i}}"}""");
                Assert.True(created.Status == 201, created.ToString());
                // Tenant i's network on each side: 198.19.N.(64 i)/26, its gateway (.1 of it) on the
                // node — charon with kernel-libipsec routes a tunnel only through a subnet where the node
                // has an address — and its machine (.2) in the client namespace.
                var subnets = new List<(string Subnet, string Machine)>();
                foreach (var (side, node) in new[] { (cait, "cait"), (rectorado, "rectorado") })
                {
                    var prefix = side.Subnet[..side.Subnet.LastIndexOf('.')];
                    addresses.Add(await ExtraAddress.AddAsync(Testbed.Nodes[node].Netns, "client", $"{prefix}.{(64 * i) + 1}"));
                    addresses.Add(await ExtraAddress.AddAsync(side.Netns, "uplink", $"{prefix}.{(64 * i) + 2}"));
                    subnets.Add(($"{prefix}.{64 * i}/26", $"{prefix}.{(64 * i) + 2}"));
                }
                tenants.Add(new TenantServices(created.Json.GetProperty("tenant").GetString()!, new TenantApi(Testbed, created.Json.GetProperty("token").GetString()!),
                    subnets[0].Subnet, subnets[1].Subnet, subnets[0].Machine, subnets[1].Machine, 18520 + i));
            }

            // All three at once.
            await Task.WhenAll(tenants.Select(async t =>
            {
                t.TunnelId = (await t.Api.CreateTunnelAsync("cait", "rectorado", t.LocalSubnet, t.RemoteSubnet)).GetProperty("id").GetString()!;
                t.SessionId = (await t.Api.CreateSessionAsync("cait", "rectorado", t.ListenPort, http.Endpoint)).GetProperty("id").GetString()!;
            }));
            var tunnelKeyIds = new List<string>();
            foreach (var t in tenants)
            {
                tunnelKeyIds.Add(await TunnelKeyIdAsync(t));
            }

            // Isolation: each lists only its own; the others' ids are unknown to it (404), also for DELETE.
            foreach (var t in tenants)
            {
                Assert.Equal([t.TunnelId], await t.Api.ListIdsAsync("/ipsec/tunnels", "tunnels"));
                Assert.Equal([t.SessionId], await t.Api.ListIdsAsync("/tls/sessions", "sessions"));
                foreach (var other in tenants.Where(o => o != t))
                {
                    Assert.Equal(404, (await t.Api.SendAsync("GET", $"/ipsec/tunnels/{other.TunnelId}")).Status);
                    Assert.Equal(404, (await t.Api.SendAsync("GET", $"/tls/sessions/{other.SessionId}")).Status);
                    Assert.Equal(404, (await t.Api.SendAsync("DELETE", $"/ipsec/tunnels/{other.TunnelId}")).Status);
                    Assert.Equal(404, (await t.Api.SendAsync("DELETE", $"/tls/sessions/{other.SessionId}")).Status);
                }
            }
            var all = await admin.ListIdsAsync("/ipsec/tunnels", "tunnels");
            Assert.All(tenants, t => Assert.Contains(t.TunnelId, all));

            foreach (var t in tenants)
            {
                await AssertServedAsync(cait, t, page);
            }
            var ledgersBefore = await AllSlaveDeliveriesAsync();

            // The relay restarts while every tenant keeps opening connections: some may fail, none may get a wrong answer.
            using var stopLoad = new CancellationTokenSource();
            var load = tenants.Select(t => ConnectionLoopAsync(cait, t, page, stopLoad.Token)).ToList();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await Testbed.RunAsync("restart-kme", "ccs");
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stopLoad.CancelAsync();
            var outcomes = await Task.WhenAll(load);
            output.WriteLine("new TLS connections during the relay restart, per tenant: " + string.Join("; ", outcomes.Select(o => o.ToString())));
            Assert.All(outcomes, o => Assert.Empty(o.WrongAnswers));

            // Recovered: established tunnels kept their SAs, new TLS connections work, and a new tunnel comes up with a fresh key.
            foreach (var t in tenants)
            {
                Assert.Equal(3, await cait.Ipsec.PingAsync(t.RemoteAddress, 3, from: t.LocalAddress));
                await Wait.UntilAsync(async () => (await ServedAsync(cait, t)) == page, TimeSpan.FromSeconds(30), $"{t.Name}'s session to serve again");
                await AssertServedAsync(cait, t, page);
                await t.Api.DeleteAsync($"/ipsec/tunnels/{t.TunnelId}");
                t.TunnelId = (await t.Api.CreateTunnelAsync("cait", "rectorado", t.LocalSubnet, t.RemoteSubnet)).GetProperty("id").GetString()!;
                tunnelKeyIds.Add(await TunnelKeyIdAsync(t));
                Assert.Equal(3, await cait.Ipsec.PingAsync(t.RemoteAddress, 3, from: t.LocalAddress));
            }

            // No key_ID twice: every tunnel had its own key, each delivered once; since the restart no key_ID went to
            // two SAEs on any KME; and over the whole run no KME gave one key_ID to two SAEs (an ETSI 004 chunk is
            // delivered once at each end of its stream, so that check is per KME).
            Assert.Equal(2 * Tenants, tunnelKeyIds.Distinct().Count());
            var delivered = (await AllSlaveDeliveriesAsync()).Except(ledgersBefore).ToList();
            foreach (var keyId in tunnelKeyIds.Skip(Tenants))
            {
                Assert.Equal([("rectorado", keyId, "rectorado-ipsec")], delivered.Where(d => d.KeyId == keyId));
            }
            AssertNoneTwice(delivered, d => d.KeyId, "since the restart");
            AssertNoneTwice(await AllSlaveDeliveriesAsync(), d => (d.Node, d.KeyId), "on one KME");
            var issuedAtCait = (await Ledger.MasterDeliveriesAsync("cait")).ToHashSet();
            Assert.All(delivered.Where(d => d.Node == "rectorado"), d => Assert.Contains(d.KeyId, issuedAtCait));
        }
        finally
        {
            foreach (var t in tenants)
            {
                await t.Api.DeleteEverythingAsync();
                await admin.SendAsync("DELETE", $"/tenants/{t.Name}");
            }
            foreach (var address in addresses)
            {
                await address.DisposeAsync();
            }
            site.Delete(recursive: true);
        }
    }

    private async Task ForgetLeftoverTenantAsync(TenantApi admin, string name)
    {
        var token = await admin.SendAsync("POST", $"/tenants/{name}/tokens");
        if (token.Status == 404)
        {
            return;
        }
        Assert.True(token.Status == 201, token.ToString());
        await new TenantApi(Testbed, token.Json.GetProperty("token").GetString()!).DeleteEverythingAsync();
        var deleted = await admin.SendAsync("DELETE", $"/tenants/{name}");
        Assert.True(deleted.Status == 204, deleted.ToString());
    }

    /// <summary>The key_ID the tunnel's initiator reported (the tunnel is established, so it has one).</summary>
    private static async Task<string> TunnelKeyIdAsync(TenantServices t)
    {
        var tunnel = await t.Api.SendAsync("GET", $"/ipsec/tunnels/{t.TunnelId}");
        return tunnel.Json.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("role").GetString() == "initiator").GetProperty("key_id").GetString()!;
    }

    private static async Task AssertServedAsync(ClientSide cait, TenantServices t, string page) => Assert.Equal(page, await ServedAsync(cait, t));

    /// <summary>The page through the tenant's session, from cait's client network; null when the connection failed.</summary>
    private static async Task<string?> ServedAsync(ClientSide cait, TenantServices t)
    {
        var result = await Netns.RunAsync(cait.Netns, "curl", "-sS", "--fail", "--max-time", "10", $"http://{cait.Gateway}:{t.ListenPort}/index.html");
        return result.ExitCode == 0 ? result.StandardOutput : null;
    }

    private static async Task<ConnectionLoadOutcome> ConnectionLoopAsync(ClientSide cait, TenantServices t, string page, CancellationToken stop)
    {
        var outcome = new ConnectionLoadOutcome();
        while (!stop.IsCancellationRequested)
        {
            var answer = await ServedAsync(cait, t);
            if (answer is null)
            {
                outcome.Failed++;
            }
            else if (answer == page)
            {
                outcome.Served++;
            }
            else
            {
                outcome.WrongAnswers.Add(answer);
            }
        }
        return outcome;
    }

    private static void AssertNoneTwice<TKey>(IEnumerable<(string Node, string KeyId, string Sae)> deliveries, Func<(string Node, string KeyId, string Sae), TKey> key, string scope)
    {
        var twice = deliveries.GroupBy(key).Where(g => g.Count() > 1).Select(g => string.Join(", ", g)).ToList();
        Assert.True(twice.Count == 0, $"key_IDs delivered more than once ({scope}): " + string.Join("; ", twice));
    }

    private static async Task<IReadOnlyList<(string Node, string KeyId, string Sae)>> AllSlaveDeliveriesAsync()
    {
        var all = new List<(string, string, string)>();
        foreach (var node in new[] { "cait", "ccs", "rectorado" })
        {
            all.AddRange((await Ledger.SlaveDeliveriesAsync(node)).Select(d => (node, d.KeyId, d.Sae)));
        }
        return all;
    }
}
