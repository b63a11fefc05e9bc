using QuantumAgents.EndToEnd.Tests.Support;
using QuantumAgents.Integration.Tests.Support;
using Xunit.Abstractions;

namespace QuantumAgents.EndToEnd.Tests;

/// <summary>
/// Service 8: the key economy. How much QKD key a TLS connection and an IPsec (re)authentication
/// cost cait ⇄ rectorado, read from the KMEs' own counters, reported, and held to the design:
/// one 256-bit key each, plus what forwarding through the relay ccs costs on top.
/// </summary>
/// <remarks>
/// The forwarding overhead, from the KME's design (docs/kme.md "Trusted-node forwarding", HopCipher):
/// cait's KME draws the 256-bit key itself from its entropy source; every hop then spends, from
/// its own QKD pool, a one-time pad as long as the key (256 bits) and a one-time MAC key of 32
/// bytes (256 bits: a GHASH point and a mask of 128 bits each). cait → ccs → rectorado has two
/// hops, so a key costs 2 × (256 + 256) = 1024 bits of QKD key: the 256 bits of the key (as the
/// first hop's pad) plus an overhead of 768 bits — the first hop's MAC key (256) and the relay's
/// second hop, pad and MAC key (512). A direct link would cost the 256 bits alone.
/// </remarks>
[Collection(TestbedGroup.Name)]
public sealed class KeyEconomyTests(TestbedFixture fixture, ITestOutputHelper output)
{
    private const int KeyBits = 256;
    private const int MacKeyBits = 256;
    private const int Hops = 2;
    private const int RelayOverheadBits = MacKeyBits + ((Hops - 1) * (KeyBits + MacKeyBits));
    private const int BitsPerKeyAtMost = KeyBits + RelayOverheadBits;
    private const int Connections = 10;

    private Testbed Testbed => fixture.Testbed;

    [Fact]
    public async Task Each_TLS_connection_and_each_IPsec_authentication_costs_one_key_plus_the_relay_overhead_and_no_more()
    {
        Prerequisites.RequireRootAndPrograms("ip", "curl", "ping", "python3", "sqlite3");
        var cait = ClientSide.Load("cait");
        var rectorado = ClientSide.Load("rectorado");
        var api = new TenantApi(Testbed, Testbed.ControlPlane.TenantToken);
        var site = Directory.CreateTempSubdirectory("qa-e2e-economy-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(site.FullName, "index.html"), "economy\n");
            await using var http = await NamespacedHttpServer.StartAsync(rectorado.Netns, rectorado.Address, 18030, site.FullName, probeNetns: Testbed.Nodes["rectorado"].Netns);

            // TLS: one session, ten connections (HTTP/1.0: one request each), well within its budget of 100 a second.
            var session = (await api.CreateSessionAsync("cait", "rectorado", 18531, http.Endpoint, connectionsPerSecond: 100)).GetProperty("id").GetString()!;
            var tlsKeysBefore = await Ledger.SlaveDeliveriesAsync("rectorado", "-tls");
            var before = await QkdLinkUse.ReadAllAsync(Testbed);
            for (var i = 0; i < Connections; i++)
            {
                Assert.Equal("economy\n", await Netns.RunCheckedAsync(cait.Netns, "curl", "-sS", "--fail", "--max-time", "10", $"http://{cait.Gateway}:18531/index.html"));
            }
            var tls = QkdLinkUse.Between(before, await QkdLinkUse.ReadAllAsync(Testbed));
            var tlsKeys = (await Ledger.SlaveDeliveriesAsync("rectorado", "-tls")).Except(tlsKeysBefore).Count();
            await api.DeleteAsync($"/tls/sessions/{session}");
            Report("TLS", tls, Connections, "connection", tlsKeys);
            Assert.Equal(Connections, tlsKeys);
            AssertWithinBudget(tls, Connections);

            // IPsec: the tunnel's authentication, then a re-authentication with a fresh key after cait's charon restarts.
            var ipsecKeysBefore = await Ledger.SlaveDeliveriesAsync("rectorado", "-ipsec");
            before = await QkdLinkUse.ReadAllAsync(Testbed);
            var tunnel = await api.CreateTunnelAsync("cait", "rectorado", cait.Subnet, rectorado.Subnet);
            var id = tunnel.GetProperty("id").GetString()!;
            var firstKey = tunnel.GetProperty("sides")[0].GetProperty("key_id").GetString();
            try
            {
                Assert.Equal(3, await cait.Ipsec.PingAsync(rectorado.Address, 3));
                await Testbed.RunAsync("kill-charon", "cait");
                await Testbed.RunAsync("start-ipsec", "cait");
                await Wait.UntilAsync(async () =>
                {
                    var now = (await api.SendAsync("GET", $"/ipsec/tunnels/{id}")).Json;
                    return now.GetProperty("state").GetString() == "established" && now.GetProperty("sides")[0].GetProperty("key_id").GetString() != firstKey;
                }, TimeSpan.FromSeconds(90), "the tunnel re-authenticated with a fresh key after cait's charon restarted");
                Assert.Equal(3, await cait.Ipsec.PingAsync(rectorado.Address, 3));
            }
            finally
            {
                await api.DeleteAsync($"/ipsec/tunnels/{id}");
            }
            const int Authentications = 2;
            var ipsec = QkdLinkUse.Between(before, await QkdLinkUse.ReadAllAsync(Testbed));
            var ipsecKeys = (await Ledger.SlaveDeliveriesAsync("rectorado", "-ipsec")).Except(ipsecKeysBefore).Count();
            Report("IPsec", ipsec, Authentications, "authentication", ipsecKeys);
            Assert.Equal(Authentications, ipsecKeys);
            AssertWithinBudget(ipsec, Authentications);
        }
        finally
        {
            site.Delete(recursive: true);
        }
    }

    /// <summary>Both ends of each link counted the same key; the path's total per use is within one key plus the relay overhead.</summary>
    private static void AssertWithinBudget(IReadOnlyList<QkdLinkUse> used, int uses)
    {
        Assert.All(used, link => Assert.True(link.ForwardedBitsAtFirst == link.ForwardedBitsAtSecond, $"the two ends disagree: {link}"));
        Assert.All(used, link => Assert.True(link.ConsumedBits > 0, $"no key taken from {link.Link}: the counters did not move"));
        var perUse = (double)used.Sum(link => link.ConsumedBits) / uses;
        Assert.True(perUse <= BitsPerKeyAtMost, $"{perUse} bits of QKD key per use, more than {KeyBits} + {RelayOverheadBits} (relay overhead)");
    }

    private void Report(string service, IReadOnlyList<QkdLinkUse> used, int uses, string unit, int keysDelivered)
    {
        var total = used.Sum(link => link.ConsumedBits);
        output.WriteLine($"key economy, {service}: {uses} {unit}s, {keysDelivered} keys delivered at rectorado, {total} bits of QKD key taken "
            + $"= {(double)total / uses} bits per {unit} (budget {KeyBits} + {RelayOverheadBits} relay overhead = {BitsPerKeyAtMost})");
        foreach (var link in used)
        {
            output.WriteLine($"  {link} -> {(double)link.ConsumedBits / uses} bits per {unit}");
        }
    }
}
