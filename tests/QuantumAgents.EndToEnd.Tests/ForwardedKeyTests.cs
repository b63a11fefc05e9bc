using QuantumAgents.EndToEnd.Tests.Support;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests;

/// <summary>Service 1: a QKD key between two nodes without a link of their own, relayed by ccs.</summary>
[Collection(TestbedGroup.Name)]
public sealed class ForwardedKeyTests(TestbedFixture fixture)
{
    private Curl Curl => new(fixture.Testbed.Ca);
    private TestbedNode Cait => fixture.Testbed.Nodes["cait"];
    private TestbedNode Rectorado => fixture.Testbed.Nodes["rectorado"];

    [Fact]
    public async Task Cait_gets_a_256_bit_key_for_rectorado_through_ccs_and_rectorado_gets_the_same_key_once_by_its_key_ID()
    {
        var status = await KmeAssert.WaitForKeyAsync(Curl, Cait, "rectorado");
        Assert.Equal(["cait", "ccs", "rectorado"], status.GetProperty("status_extension").GetProperty("path").EnumerateArray().Select(p => p.GetString()));

        var issued = await Curl.PostAsync(Cait.Keys("rectorado", "enc_keys"), """{"number":1,"size":256}""", Cait.Sae);
        Assert.True(issued.Status == 200, issued.ToString());
        var entry = Assert.Single(issued.Json.GetProperty("keys").EnumerateArray().ToList());
        var keyId = entry.GetProperty("key_ID").GetString()!;
        var base64 = entry.GetProperty("key").GetString()!;
        var key = Convert.FromBase64String(base64);
        Assert.Equal(32, key.Length);
        Assert.Equal(base64, Convert.ToBase64String(key));
        Assert.True(Guid.TryParse(keyId, out _), $"key_ID '{keyId}' is not a UUID (ETSI 014 says it is one)");

        var fetched = await Curl.GetAsync(Rectorado.Keys("cait", "dec_keys") + "?key_ID=" + keyId, Rectorado.Sae);
        var (fetchedId, fetchedKey) = Assert.Single(KmeAssert.Keys(fetched));
        Assert.Equal(keyId, fetchedId);
        Assert.Equal(key, fetchedKey);

        var again = await Curl.GetAsync(Rectorado.Keys("cait", "dec_keys") + "?key_ID=" + keyId, Rectorado.Sae);
        Assert.Equal(400, again.Status);
        // The relay keeps nothing: ccs never delivered this key to anyone.
        Assert.DoesNotContain(keyId, (await Ledger.SlaveDeliveriesAsync("ccs")).Select(d => d.KeyId));
        Assert.Contains((keyId, "rectorado"), await Ledger.SlaveDeliveriesAsync("rectorado"));
    }
}
