using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>The agent's own tenant boundaries: a tunnel over its node's infrastructure is refused, whatever the control plane admits.</summary>
public sealed partial class IpsecAgentTests
{
    [Fact]
    public async Task A_tunnel_over_a_range_the_agent_declares_infrastructure_is_failed_by_it_with_nothing_in_charon_and_no_key_taken()
    {
        Prerequisites.RequireRootAndPrograms("sqlite3", "swanctl");
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");
        var body = $$"""{"a":"cait","b":"rectorado","a_subnets":["{{cait.ClientSubnet}}"],"b_subnets":["{{rectorado.ClientSubnet}}"]}""";
        var testbedConfig = await File.ReadAllTextAsync(IpsecAgentConfig.PathOf("cait"));
        string? id = null;
        try
        {
            // The control plane admits rectorado's client subnet, now and once it refuses
            // infrastructure itself; cait's agent alone is told that subnet is infrastructure, so
            // the refusal seen here is the agent's.
            await RestartIpsecAgentAsync("cait", IpsecAgentConfig.WithInfrastructure(testbedConfig, rectorado.ClientSubnet));
            var keysTaken = await KeysTakenAsync("cait-ipsec");

            var created = await CreateAsync(body);
            Assert.Equal(201, created.Status);
            id = created.Json.GetProperty("id").GetString()!;
            var reason = $"cait: b_subnets {rectorado.ClientSubnet} covers infrastructure range {rectorado.ClientSubnet} of this node";
            Assert.Equal(("failed", reason), (created.Json.GetProperty("state").GetString(), created.Json.GetProperty("reason").GetString()));

            // A later pass (the next report after this moment) refuses it again, and does not log it again.
            var failedAt = DateTimeOffset.UtcNow;
            await Wait.UntilAsync(async () => await HeartbeatAsync("cait") > failedAt, TimeSpan.FromSeconds(60), "a later pass of cait's agent");
            var tunnel = await TunnelAsync(id);
            Assert.Equal(("failed", reason), (tunnel.GetProperty("state").GetString(), tunnel.GetProperty("reason").GetString()));
            var log = await File.ReadAllLinesAsync(Path.Combine(Testbed.Directory, "logs", "ipsec-agent-cait.log"));
            Assert.Single(log, line => line.Contains($"refusing tunnel {id}:", StringComparison.Ordinal));

            // Nothing of it in either charon: cait refused before loading, so rectorado never got a key_ID.
            foreach (var node in new[] { cait, rectorado })
            {
                var (connections, sharedKeys, sas) = await node.AgentLeftoversAsync();
                Assert.DoesNotContain($"qa-{id}", connections);
                Assert.DoesNotContain(sharedKeys, key => key.StartsWith($"qa-{id}-", StringComparison.Ordinal));
                Assert.DoesNotContain(sas, sa => sa.Name == $"qa-{id}");
            }
            Assert.Equal("pending", tunnel.GetProperty("sides")[1].GetProperty("state").GetString());

            Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}?wait=15"), bearer: Tenant)).Status);
            id = null;
            // No enc_keys for it at cait's KME: its ledger records every key handed to cait-ipsec.
            Assert.Equal(keysTaken, await KeysTakenAsync("cait-ipsec"));
        }
        finally
        {
            if (id is not null)
            {
                await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}?wait=15"), bearer: Tenant);
            }
            await RestartIpsecAgentAsync("cait", testbedConfig);
        }

        // With the testbed's own boundaries (management bridge, data links) the same tunnel comes up,
        // and the ledger shows the key it took: the count above could have seen one.
        var before = await KeysTakenAsync("cait-ipsec");
        var allowed = await CreateAsync(body);
        Assert.Equal(201, allowed.Status);
        var allowedId = allowed.Json.GetProperty("id").GetString()!;
        try
        {
            Assert.Equal("established", allowed.Json.GetProperty("state").GetString());
            Assert.True(await KeysTakenAsync("cait-ipsec") > before, "cait's KME ledger shows no key taken for an established tunnel");
        }
        finally
        {
            Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{allowedId}?wait=15"), bearer: Tenant)).Status);
        }
    }

    /// <summary>The node's IPsec agent killed, started again on <paramref name="config"/>, and reporting.</summary>
    private async Task RestartIpsecAgentAsync(string node, string config)
    {
        await Testbed.RunAsync("kill-ipsec-agent", node);
        await File.WriteAllTextAsync(IpsecAgentConfig.PathOf(node), config);
        var restarted = DateTimeOffset.UtcNow;
        await Testbed.RunAsync("start-ipsec", node);
        await Wait.UntilAsync(async () => await HeartbeatAsync(node) > restarted, TimeSpan.FromSeconds(60), $"{node}'s restarted IPsec agent's first report");
    }

    /// <summary>How many keys cait's KME has handed to the master SAE <paramref name="sae"/> (enc_keys), from its ledger.</summary>
    private static async Task<long> KeysTakenAsync(string sae) =>
        long.Parse(Assert.Single(await KmeDatabase.QueryNodeAsync("cait", $"SELECT count(*) FROM ledger WHERE role = 'master' AND sae = '{sae}'")),
            System.Globalization.CultureInfo.InvariantCulture);
}
