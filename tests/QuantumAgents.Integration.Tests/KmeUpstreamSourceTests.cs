using System.Text.Json.Nodes;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// The <c>etsi014</c> key source: our KMEs take their link's key from a vendor's ETSI 014 KME
/// pair instead of simulating it. The "vendor" here is another pair of qa-kmed, which speaks
/// the same standard interface a QKD box does.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class KmeUpstreamSourceTests(TestbedFixture fixture)
{
    private const int VendorCaitPort = 18601;
    private const int VendorCcsPort = 18602;
    private const int CaitPort = 18603;
    private const int CcsPort = 18604;

    private readonly Curl _curl = new(fixture.Testbed.Ca);

    [Fact]
    public async Task Keys_from_an_upstream_ETSI_014_KME_pair_reach_both_SAEs_through_our_KMEs()
    {
        var testbed = fixture.Testbed;
        // Towards the vendor, our KMEs are SAEs: cait's uses the cait-app certificate, ccs's the ccs-app one.
        await using var vendor = await LoopbackPair.StartAsync(testbed, VendorCaitPort, VendorCcsPort,
            KmeProcess.SimulatedSource(producer: true, 1_000_000, 1 << 22), KmeProcess.SimulatedSource(producer: false, 1_000_000, 1 << 22));
        await using var ours = await LoopbackPair.StartAsync(testbed, CaitPort, CcsPort,
            Upstream(testbed, VendorCaitPort, "cait-app", "ccs-app", producer: true),
            Upstream(testbed, VendorCcsPort, "ccs-app", "cait-app", producer: false));

        await Wait.UntilAsync(async () => (await _curl.GetAsync(ours.Master.Url + "/api/v1/keys/ccs/status", ours.CaitSae)).Json.GetProperty("stored_key_count").GetInt64() >= 4,
            TimeSpan.FromSeconds(30), "key from the upstream KME in our pool");
        var issued = KmeAssert.Keys(await _curl.PostAsync(ours.Master.Url + "/api/v1/keys/ccs/enc_keys", """{"number":4}""", ours.CaitSae));
        var body = KmeAssert.KeyIdsBody(issued);
        var fetched = KmeAssert.Keys(await _curl.PostAsync(ours.Slave.Url + "/api/v1/keys/cait/dec_keys", body, ours.CcsSae));
        Assert.Equal(issued, fetched, KmeAssert.SameKey);

        // The vendor handed key to our cait KME as master and to our ccs KME as slave.
        var vendorLedger = await KmeDatabase.QueryAsync(Path.Combine(vendor.Slave.Directory, "state", "kme.db"), "SELECT count(*) FROM ledger WHERE sae = 'ccs-app' AND role = 'slave'");
        Assert.True(int.Parse(vendorLedger[0], System.Globalization.CultureInfo.InvariantCulture) > 0, "the vendor's slave side delivered nothing");
    }

    private static JsonObject Upstream(Testbed testbed, int vendorPort, string sae, string peerSae, bool producer) => new()
    {
        ["kind"] = "etsi014",
        ["producer"] = producer,
        ["rate_bits_per_second"] = 100_000,
        ["pool_bits"] = 1 << 16,
        ["block_bytes"] = 256,
        ["upstream_url"] = $"https://127.0.0.1:{vendorPort}",
        ["upstream_sae_id"] = sae,
        ["upstream_peer_sae_id"] = peerSae,
        ["upstream_certificate"] = testbed.Pki($"sae-{sae}.pem"),
        ["upstream_key"] = testbed.Pki($"sae-{sae}.key"),
        ["upstream_ca"] = testbed.Ca,
    };
}
