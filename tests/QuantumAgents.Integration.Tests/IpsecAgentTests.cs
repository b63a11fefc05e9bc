using QuantumAgents.Integration.Tests.Support;
using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Commands;
using Xunit.Abstractions;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// qa-ipsec-agent on the testbed, driven only through the control plane's REST API as a tenant:
/// real charon daemons in the node namespaces, keys from the KMEs (forwarded through ccs), and
/// traffic from cait's client namespace to rectorado's through the tunnel.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed partial class IpsecAgentTests(TestbedFixture fixture, ITestOutputHelper output)
{
    private const int Pings = 5;

    /// <summary>An ICMP echo of ping's default 56 data bytes, as the inner IP packet charon counts.</summary>
    private const int EchoBytes = 84;

    private Testbed Testbed => fixture.Testbed;

    private Curl Curl => new(Testbed.Ca);

    private string Tenant => Testbed.ControlPlane.TenantToken;

    private string Url(string path) => Testbed.ControlPlane.Url + path;

    [Fact]
    public async Task A_tenants_tunnel_comes_up_carries_the_clients_ping_through_esp_and_leaves_charon_clean_when_deleted()
    {
        Prerequisites.RequireRootAndPrograms("ping", "swanctl");
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");
        Assert.Equal(0, await cait.PingAsync(rectorado.ClientAddress, 1));
        // Both agents drive their charon over VICI as an unprivileged user, as packaged.
        foreach (var node in new[] { cait, rectorado })
        {
            var (uid, capabilities) = node.AgentCredentials();
            Assert.True(uid != 0, $"{node.Name}'s IPsec agent runs as root");
            Assert.Equal("0000000000000000", capabilities);
        }

        var created = await CreateAsync($$"""{"a":"cait","b":"rectorado","a_subnets":["{{cait.ClientSubnet}}"],"b_subnets":["{{rectorado.ClientSubnet}}"]}""");
        Assert.Equal(201, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        try
        {
            Assert.Equal("established", created.Json.GetProperty("state").GetString());
            var sides = created.Json.GetProperty("sides");
            var keyId = sides[0].GetProperty("key_id").GetString();
            Assert.False(string.IsNullOrEmpty(keyId));
            // Both charons agree on the CHILD_SA: each side's inbound SPI is the other's outbound.
            Assert.Equal(sides[0].GetProperty("details").GetProperty("spi_in").GetString(), sides[1].GetProperty("details").GetProperty("spi_out").GetString());

            var before = await cait.ChildSaAsync(id) ?? throw new InvalidOperationException("no CHILD_SA in cait's charon");
            Assert.Equal(Pings, await cait.PingAsync(rectorado.ClientAddress, Pings));
            var after = await cait.ChildSaAsync(id) ?? throw new InvalidOperationException("CHILD_SA gone from cait's charon");

            // The echoes went into ESP and the replies came out of it: charon counted every one.
            Assert.Equal(before.SpiOut, after.SpiOut);
            Assert.True(after.PacketsOut - before.PacketsOut >= Pings, $"packets out {before.PacketsOut} -> {after.PacketsOut}");
            Assert.True(after.BytesOut - before.BytesOut >= Pings * EchoBytes, $"bytes out {before.BytesOut} -> {after.BytesOut}");
            Assert.True(after.PacketsIn - before.PacketsIn >= Pings, $"packets in {before.PacketsIn} -> {after.PacketsIn}");
        }
        finally
        {
            var deleted = await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}?wait=15"), bearer: Tenant);
            Assert.Equal(204, deleted.Status);
        }

        Assert.Equal(404, (await Curl.SendAsync("GET", Url($"/api/v1/ipsec/tunnels/{id}"), bearer: Tenant)).Status);
        await cait.AssertNoAgentLeftoversAsync();
        await rectorado.AssertNoAgentLeftoversAsync();
        Assert.Equal(0, await cait.PingAsync(rectorado.ClientAddress, 1));
    }

    [Theory]
    [InlineData("psk")]
    [InlineData("ppk")]
    public async Task Every_rekey_seconds_fresh_qkd_keys_re_authenticate_the_tunnel_make_before_break_without_losing_a_ping(string auth)
    {
        const int RekeySeconds = 10;
        const int RekeyPings = 300;
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");
        var created = await CreateAsync($$"""{"a":"cait","b":"rectorado","a_subnets":["{{cait.ClientSubnet}}"],"b_subnets":["{{rectorado.ClientSubnet}}"],"rekey_seconds":{{RekeySeconds}},"auth":"{{auth}}"}""");
        Assert.Equal(201, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        try
        {
            Assert.Equal("established", created.Json.GetProperty("state").GetString());
            var firstIkeSpi = created.Json.GetProperty("sides")[0].GetProperty("details").GetProperty("ike_initiator_spi").GetString();
            List<string> keyIds = [created.Json.GetProperty("sides")[0].GetProperty("key_id").GetString()!];

            // 30 s of pings every 0.1 s: at least two re-authentications happen under them.
            var pinging = cait.PingTranscriptAsync(rectorado.ClientAddress, RekeyPings, interval: 0.1);
            while (!pinging.IsCompleted)
            {
                var key = (await TunnelAsync(id)).GetProperty("sides")[0].GetProperty("key_id").GetString()!;
                if (key != keyIds[^1])
                {
                    keyIds.Add(key);
                }
                await Task.WhenAny(pinging, Task.Delay(200));
            }
            var (received, transcript) = await pinging;

            // Make-before-break, in charon's own words: each new IKE_SA was up before the old one
            // went. What that leaves (strongSwan, kernel-libipsec like kernel ESP): the responder
            // sends on its new CHILD_SA as soon as it has installed it, before its IKE_AUTH response
            // has let the initiator install the inbound half; a reply rectorado sends in that gap
            // (well under a millisecond idle, longer on a loaded machine) is lost. So: no ping lost
            // but at most one per re-authentication, sent right at it.
            var reauthentications = await CharonLog.ReauthenticationsAsync("cait", id);
            Assert.True(reauthentications.Count >= 2, $"expected at least two re-authentications in cait's charon log, saw {reauthentications.Count}");
            Assert.All(reauthentications, r => Assert.True(r.MakeBeforeBreak, $"the re-authentication up at {r.Established} deleted the old IKE_SA first"));
            var lost = LostPings(transcript, interval: 0.1);
            output.WriteLine($"{reauthentications.Count} re-authentications, up at {string.Join(", ", reauthentications.Select(r => r.Established))}; "
                + $"pings lost: {(lost.Count == 0 ? "none" : string.Join(", ", lost.Select(p => $"icmp_seq={p.Seq} sent at {p.Sent}")))}");
            var unexplained = lost.Where(ping => !reauthentications.Any(r => Math.Abs(SecondsBetween(ping.Sent, r.Established)) < 0.5)).ToList();
            var perReauthentication = reauthentications.Select(r => lost.Count(ping => Math.Abs(SecondsBetween(ping.Sent, r.Established)) < 0.5));
            Assert.True(unexplained.Count == 0 && perReauthentication.All(n => n <= 1) && received + lost.Count == RekeyPings,
                $"{RekeyPings - received} of {RekeyPings} pings lost (key_IDs {string.Join(" ", keyIds)}; re-authentications up at "
                + $"{string.Join(", ", reauthentications.Select(r => r.Established))}):\n"
                + string.Join('\n', transcript.Split('\n').Where(line => line.Contains("no answer", StringComparison.Ordinal) || line.Contains("received", StringComparison.Ordinal))));

            // Fresh keys from the KME each time (a PPK tunnel reports two, "psk,ppk"), every one of them new.
            Assert.True(keyIds.Count >= 3, $"expected at least two rekeys in 30 s, saw key_IDs {string.Join(" ", keyIds)}");
            var everyKey = keyIds.SelectMany(k => k.Split(',')).ToList();
            Assert.Equal(keyIds.Count * (auth == "ppk" ? 2 : 1), everyKey.Distinct(StringComparer.Ordinal).Count());
            var tunnel = await ReauthenticatedAsync(id);
            var sides = tunnel.GetProperty("sides");
            var current = sides[0].GetProperty("key_id").GetString()!.Split(',');
            // A new IKE_SA (new SPIs) carries the tunnel: re-authenticated, not merely rekeyed with the old PSK.
            Assert.NotEqual(firstIkeSpi, sides[0].GetProperty("details").GetProperty("ike_initiator_spi").GetString());
            foreach (var node in new[] { cait, rectorado })
            {
                // Only the current keys are in charon; the earlier ones were unloaded (and wiped by charon).
                var (_, sharedKeys, _) = await node.AgentLeftoversAsync();
                string[] held = auth == "ppk" ? [$"qa-{id}-psk-{current[0]}", $"qa-{id}-ppk-{current[1]}"] : [$"qa-{id}-psk-{current[0]}"];
                Assert.Equal(held.Order(StringComparer.Ordinal), sharedKeys.Where(k => k.StartsWith($"qa-{id}-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            }
            // The first key was consumed at rectorado's KME by its agent: nobody can fetch it again.
            var slave = Testbed.Nodes["rectorado"];
            var again = await Curl.GetAsync(slave.Keys("cait-ipsec", "dec_keys") + "?key_ID=" + everyKey[0], slave.Saes["rectorado-ipsec"]);
            Assert.NotEqual(200, again.Status);
        }
        finally
        {
            Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}?wait=15"), bearer: Tenant)).Status);
        }
        await cait.AssertNoAgentLeftoversAsync();
    }

    [Fact]
    public async Task The_agent_never_touches_a_connection_or_key_it_did_not_load()
    {
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");
        await using var vici = new ViciClient(cait.ViciSocket);
        await vici.LoadConnAsync(new ViciSiteToSiteConfig
        {
            Name = "office-vpn", LocalAddress = "198.18.12.1", RemoteAddress = "198.18.12.2", LocalId = "office-a", RemoteId = "office-b",
            LocalTrafficSelectors = ["198.18.100.0/24"], RemoteTrafficSelectors = ["198.18.101.0/24"],
        });
        await vici.LoadSharedAsync(ViciSharedKeyType.Ike, "office-psk", new byte[32], ["office-a", "office-b"]);
        try
        {
            var created = await CreateAsync($$"""{"a":"cait","b":"rectorado","a_subnets":["{{cait.ClientSubnet}}"],"b_subnets":["{{rectorado.ClientSubnet}}"]}""");
            var id = created.Json.GetProperty("id").GetString()!;
            Assert.Equal("established", created.Json.GetProperty("state").GetString());
            Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}?wait=15"), bearer: Tenant)).Status);

            Assert.Contains("office-vpn", await vici.GetConnsAsync());
            Assert.Contains("office-psk", await vici.GetSharedAsync());
        }
        finally
        {
            await vici.UnloadConnAsync("office-vpn");
            await vici.UnloadSharedAsync("office-psk");
        }
    }

    [Fact]
    public async Task A_tunnel_survives_a_kill_9_of_its_agent_untouched_and_comes_back_with_a_fresh_key_after_a_kill_9_of_either_charon()
    {
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");
        var created = await CreateAsync($$"""{"a":"cait","b":"rectorado","a_subnets":["{{cait.ClientSubnet}}"],"b_subnets":["{{rectorado.ClientSubnet}}"]}""");
        var id = created.Json.GetProperty("id").GetString()!;
        try
        {
            Assert.Equal("established", created.Json.GetProperty("state").GetString());
            var firstKey = created.Json.GetProperty("sides")[0].GetProperty("key_id").GetString();
            var firstSpi = created.Json.GetProperty("sides")[0].GetProperty("details").GetProperty("spi_in").GetString();

            var restarted = DateTimeOffset.UtcNow;
            await Testbed.RunAsync("kill-ipsec-agent", "cait");
            await Testbed.RunAsync("start-ipsec", "cait");
            await Wait.UntilAsync(async () => await HeartbeatAsync("cait") > restarted, TimeSpan.FromSeconds(60), "the restarted agent's first report");
            // Adopted as it was: same CHILD_SA, same key, nothing keyed again.
            Assert.Equal(firstSpi, (await cait.ChildSaAsync(id))?.SpiIn);
            Assert.Equal(firstKey, (await TunnelAsync(id)).GetProperty("sides")[0].GetProperty("key_id").GetString());
            Assert.Equal(Pings, await cait.PingAsync(rectorado.ClientAddress, Pings));

            await Testbed.RunAsync("kill-charon", "cait");
            await Testbed.RunAsync("start-ipsec", "cait");
            await Wait.UntilAsync(async () =>
            {
                var tunnel = await TunnelAsync(id);
                return tunnel.GetProperty("state").GetString() == "established"
                       && tunnel.GetProperty("sides")[0].GetProperty("key_id").GetString() is { } key && key != firstKey;
            }, TimeSpan.FromSeconds(60), "the tunnel back up with a fresh key after charon's restart");
            Assert.Equal(Pings, await cait.PingAsync(rectorado.ClientAddress, Pings));

            // The responder's charon: the initiator's dead peer detection notices, and it keys again.
            var secondKey = (await TunnelAsync(id)).GetProperty("sides")[0].GetProperty("key_id").GetString();
            await Testbed.RunAsync("kill-charon", "rectorado");
            await Testbed.RunAsync("start-ipsec", "rectorado");
            await Wait.UntilAsync(async () =>
            {
                var tunnel = await TunnelAsync(id);
                return tunnel.GetProperty("state").GetString() == "established"
                       && tunnel.GetProperty("sides")[0].GetProperty("key_id").GetString() is { } key && key != firstKey && key != secondKey;
            }, TimeSpan.FromSeconds(90), "the tunnel back up with a fresh key after the responder's charon restarted");
            Assert.Equal(Pings, await cait.PingAsync(rectorado.ClientAddress, Pings));
        }
        finally
        {
            Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}?wait=15"), bearer: Tenant)).Status);
        }
    }

    [Fact]
    public async Task A_ppk_tunnel_mixes_a_second_qkd_key_into_ike_as_rfc_8784_ppk_on_both_charons()
    {
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");
        var created = await CreateAsync($$"""{"a":"cait","b":"rectorado","a_subnets":["{{cait.ClientSubnet}}"],"b_subnets":["{{rectorado.ClientSubnet}}"],"auth":"ppk"}""");
        Assert.Equal(201, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        try
        {
            Assert.Equal("established", created.Json.GetProperty("state").GetString());
            Assert.Equal(2, created.Json.GetProperty("sides")[0].GetProperty("key_id").GetString()!.Split(',').Length);
            Assert.Equal(Pings, await cait.PingAsync(rectorado.ClientAddress, Pings));
            foreach (var node in new[] { "cait", "rectorado" })
            {
                // charon's own word that IKE used the PPK (the filelog testbed.sh configures).
                var log = await File.ReadAllTextAsync(Path.Combine(Testbed.Directory, "logs", $"charon-{node}.filelog"));
                Assert.Contains($"using PPK for PPK_ID 'qa-{id}'", log, StringComparison.Ordinal);
            }
        }
        finally
        {
            Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}?wait=15"), bearer: Tenant)).Status);
        }
        var (_, sharedKeys, _) = await cait.AgentLeftoversAsync();
        Assert.Empty(sharedKeys);
    }

    [Fact]
    public async Task A_tunnel_to_a_responder_whose_charon_is_down_fails_with_charons_own_reason()
    {
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");
        await Testbed.RunAsync("kill-charon", "rectorado");
        string? id = null;
        try
        {
            var created = await Curl.SendAsync("POST", Url("/api/v1/ipsec/tunnels?wait=1"), bearer: Tenant,
                body: $$"""{"a":"cait","b":"rectorado","a_subnets":["{{cait.ClientSubnet}}"],"b_subnets":["{{rectorado.ClientSubnet}}"]}""");
            Assert.Equal(201, created.Status);
            id = created.Json.GetProperty("id").GetString()!;
            // The initiator retries for the testbed's initiate_window_seconds (30), then gives up.
            await Wait.UntilAsync(async () => (await TunnelAsync(id)).GetProperty("state").GetString() == "failed",
                TimeSpan.FromSeconds(90), "the tunnel to fail");
            var reason = (await TunnelAsync(id)).GetProperty("reason").GetString()!;
            Assert.StartsWith("cait: charon: ", reason, StringComparison.Ordinal);
            Assert.Contains("peer not responding", reason, StringComparison.Ordinal);
        }
        finally
        {
            var restarted = DateTimeOffset.UtcNow;
            await Testbed.RunAsync("start-ipsec", "rectorado");
            // Its agent backed off while charon was away; the next tests need it reporting again.
            await Wait.UntilAsync(async () => await HeartbeatAsync("rectorado") > restarted, TimeSpan.FromSeconds(60), "rectorado's agent to report again");
            if (id is not null)
            {
                Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}?wait=15"), bearer: Tenant)).Status);
            }
        }
        await cait.AssertNoAgentLeftoversAsync();
    }

    [Fact]
    public async Task A_responder_holding_a_different_key_fails_the_tunnel_with_charons_authentication_failure_and_leaves_charon_clean()
    {
        Prerequisites.RequireRootAndPrograms("sqlite3", "swanctl");
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");
        string? id = null;
        try
        {
            // Frozen, rectorado's agent cannot fetch the key before its KME's copy is made wrong.
            await Testbed.RunAsync("pause-ipsec-agent", "rectorado");
            try
            {
                var created = await Curl.SendAsync("POST", Url("/api/v1/ipsec/tunnels?wait=1"), bearer: Tenant,
                    body: $$"""{"a":"cait","b":"rectorado","a_subnets":["{{cait.ClientSubnet}}"],"b_subnets":["{{rectorado.ClientSubnet}}"]}""");
                Assert.Equal(201, created.Status);
                id = created.Json.GetProperty("id").GetString()!;
                var keyId = "";
                await Wait.UntilAsync(async () =>
                {
                    keyId = (await TunnelAsync(id)).GetProperty("sides")[0].TryGetProperty("key_id", out var taken) ? taken.GetString() ?? "" : "";
                    return keyId.Length > 0;
                }, TimeSpan.FromSeconds(30), "cait's agent to report the key_ID it took");
                // The copy forwarded through ccs waits in rectorado's KME for rectorado's SAE: other bytes, same length.
                var changed = await KmeDatabase.TamperNodeAsync("rectorado",
                    $"UPDATE keys SET material = randomblob(length(material)) WHERE key_id = '{keyId}'; SELECT changes();");
                Assert.Equal(["1"], changed);
            }
            finally
            {
                await Testbed.RunAsync("resume-ipsec-agent", "rectorado");
            }

            // Each side now holds its own PSK; cait retries for the testbed's initiate_window_seconds (30), then gives up.
            await Wait.UntilAsync(async () => (await TunnelAsync(id)).GetProperty("state").GetString() == "failed",
                TimeSpan.FromSeconds(90), "the tunnel to fail");
            var reason = (await TunnelAsync(id)).GetProperty("reason").GetString()!;
            Assert.StartsWith("cait: charon: ", reason, StringComparison.Ordinal);
            Assert.Contains("AUTHENTICATION_FAILED", reason, StringComparison.Ordinal);
            Assert.Null(await cait.ChildSaAsync(id));
        }
        finally
        {
            if (id is not null)
            {
                Assert.Equal(204, (await Curl.SendAsync("DELETE", Url($"/api/v1/ipsec/tunnels/{id}?wait=15"), bearer: Tenant)).Status);
            }
        }
        await cait.AssertNoAgentLeftoversAsync();
        await rectorado.AssertNoAgentLeftoversAsync();
    }

    /// <summary>
    /// The pings <c>ping -O -D</c> named unanswered and that never got their reply (a late one
    /// is named too), with the time each was sent: local time of day, as charon logs.
    /// </summary>
    private static List<(int Seq, TimeSpan Sent)> LostPings(string transcript, double interval)
    {
        var lines = transcript.Split('\n');
        var answered = lines.Select(line => AnsweredPing().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        return [.. lines.Select(line => LostPing().Match(line)).Where(m => m.Success && !answered.Contains(m.Groups[2].Value)).Select(m => (
            int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 1000)).ToLocalTime().TimeOfDay
                - TimeSpan.FromSeconds(interval)))];
    }

    /// <summary>b - a in seconds across midnight, within ±12 h.</summary>
    private static double SecondsBetween(TimeSpan a, TimeSpan b) => ((b - a).TotalSeconds % 86400 + 86400 + 43200) % 86400 - 43200;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[(\d+\.\d+)\] no answer yet for icmp_seq=(\d+)")]
    private static partial System.Text.RegularExpressions.Regex LostPing();

    [System.Text.RegularExpressions.GeneratedRegex(@" bytes from .*: icmp_seq=(\d+) ")]
    private static partial System.Text.RegularExpressions.Regex AnsweredPing();

    /// <summary>
    /// POST with <c>?wait</c> below curl's 20 s limit; when the answer is not final yet, GET until
    /// it is. Returns the status (201) and the tunnel as it is then.
    /// </summary>
    private async Task<CurlResponse> CreateAsync(string body)
    {
        var created = await Curl.SendAsync("POST", Url("/api/v1/ipsec/tunnels?wait=15"), bearer: Tenant, body: body);
        if (created.Status != 201 || created.Json.GetProperty("state").GetString() is "established" or "failed")
        {
            return created;
        }
        var id = created.Json.GetProperty("id").GetString()!;
        CurlResponse now = created;
        await Wait.UntilAsync(async () =>
        {
            now = await Curl.SendAsync("GET", Url($"/api/v1/ipsec/tunnels/{id}"), bearer: Tenant);
            return now.Json.GetProperty("state").GetString() is "established" or "failed";
        }, TimeSpan.FromSeconds(60), $"tunnel {id} to be established or failed");
        return now with { Status = created.Status };
    }

    /// <summary>The tunnel once no fresh key is half handed over: both sides report the same key_ID.</summary>
    private async Task<System.Text.Json.JsonElement> ReauthenticatedAsync(string id)
    {
        System.Text.Json.JsonElement tunnel = default;
        await Wait.UntilAsync(async () =>
        {
            tunnel = await TunnelAsync(id);
            var sides = tunnel.GetProperty("sides");
            return tunnel.GetProperty("state").GetString() == "established"
                   && sides[1].TryGetProperty("key_id", out var held) && held.GetString() == sides[0].GetProperty("key_id").GetString();
        }, TimeSpan.FromSeconds(15), $"tunnel {id}'s responder to hold the initiator's key");
        return tunnel;
    }

    private async Task<System.Text.Json.JsonElement> TunnelAsync(string id) =>
        (await Curl.SendAsync("GET", Url($"/api/v1/ipsec/tunnels/{id}"), bearer: Tenant)).Json;

    /// <summary>The last report of the node's IPsec agent, as the control plane recorded it.</summary>
    private async Task<DateTimeOffset> HeartbeatAsync(string node)
    {
        var nodes = (await Curl.SendAsync("GET", Url("/api/v1/nodes"), bearer: Testbed.ControlPlane.AdminToken)).Json.GetProperty("nodes");
        var agent = nodes.EnumerateArray().Single(n => n.GetProperty("name").GetString() == node)
            .GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "ipsec");
        return agent.GetProperty("last_heartbeat").GetDateTimeOffset();
    }
}
