using System.Security.Cryptography;
using QuantumAgents.EndToEnd.Tests.Support;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests;

/// <summary>
/// Service 6: an IPsec tunnel keyed by QKD between cait's and rectorado's client networks,
/// created and destroyed over REST, proven by the traffic of the client machines themselves.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class IpsecTunnelTests(TestbedFixture fixture)
{
    private const int TransferBytes = 16 * 1024 * 1024;
    private const int Pings = 5;

    private Testbed Testbed => fixture.Testbed;

    [Fact]
    public async Task A_tunnel_carries_ping_and_16_MiB_of_TCP_between_the_client_networks_byte_exact_and_nothing_after_it_is_deleted()
    {
        Prerequisites.RequireRootAndPrograms("ip", "ping", "python3", "sqlite3");
        var cait = ClientSide.Load("cait");
        var rectorado = ClientSide.Load("rectorado");
        var api = new TenantApi(Testbed, Testbed.ControlPlane.TenantToken);
        Assert.Equal(0, await cait.Ipsec.PingAsync(rectorado.Address, 1)); // no route between the client networks without a tunnel

        var tunnel = await api.CreateTunnelAsync("cait", "rectorado", cait.Subnet, rectorado.Subnet);
        var id = tunnel.GetProperty("id").GetString()!;
        var deleted = false;
        var payload = Path.GetTempFileName();
        try
        {
            // The initiator reported only a key_ID; rectorado's KME handed that key to rectorado's IPsec agent.
            var keyId = tunnel.GetProperty("sides")[0].GetProperty("key_id").GetString()!;
            Assert.Contains((keyId, "rectorado-ipsec"), await Ledger.SlaveDeliveriesAsync("rectorado", "-ipsec"));

            Assert.Equal(Pings, await cait.Ipsec.PingAsync(rectorado.Address, Pings));

            var content = RandomNumberGenerator.GetBytes(TransferBytes);
            await File.WriteAllBytesAsync(payload, content);
            var before = await cait.Ipsec.ChildSaAsync(id) ?? throw new InvalidOperationException("no CHILD_SA in cait's charon");
            await using (var sink = await HashingTcpSink.StartAsync(rectorado.Netns, rectorado.Address, 18701))
            {
                var (received, hash) = await HashingTcpSender.SendAsync(cait.Netns, rectorado.Address, 18701, payload);
                Assert.Equal(TransferBytes, received);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), hash);
            }
            // It went through ESP: cait's CHILD_SA carried at least the payload.
            var after = await cait.Ipsec.ChildSaAsync(id) ?? throw new InvalidOperationException("CHILD_SA gone from cait's charon");
            Assert.True(after.BytesOut - before.BytesOut >= TransferBytes, $"CHILD_SA bytes out {before.BytesOut} -> {after.BytesOut}");

            await api.DeleteAsync($"/ipsec/tunnels/{id}");
            deleted = true;
            Assert.Equal(404, (await api.SendAsync("GET", $"/ipsec/tunnels/{id}")).Status);
            Assert.Equal(0, await cait.Ipsec.PingAsync(rectorado.Address, 2));
        }
        finally
        {
            File.Delete(payload);
            if (!deleted)
            {
                await api.SendAsync("DELETE", $"/ipsec/tunnels/{id}?wait=30");
            }
        }
    }
}
