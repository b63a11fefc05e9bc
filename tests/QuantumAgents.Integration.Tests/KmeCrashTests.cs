using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>A KME killed with SIGKILL between enc_keys and dec_keys loses nothing and re-issues nothing.</summary>
[Collection(TestbedGroup.Name)]
public sealed class KmeCrashTests(TestbedFixture fixture)
{
    private readonly Curl _curl = new(fixture.Testbed.Ca);
    private TestbedNode Cait => fixture.Testbed.Nodes["cait"];
    private TestbedNode Ccs => fixture.Testbed.Nodes["ccs"];

    [Fact]
    public async Task Killing_the_slave_KME_before_dec_keys_loses_no_key()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "ccs");
        var issued = KmeAssert.Keys(await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), """{"number":5}""", Cait.Sae));

        await Testbed.RunAsync("kill-kme", "ccs");
        await Testbed.RunAsync("start-kme", "ccs");

        var body = KmeAssert.KeyIdsBody(issued);
        var fetched = await _curl.PostAsync(Ccs.Keys("cait", "dec_keys"), body, Ccs.Sae);
        Assert.Equal(issued, KmeAssert.Keys(fetched), KmeAssert.SameKey);
        Assert.Equal(400, (await _curl.PostAsync(Ccs.Keys("cait", "dec_keys"), body, Ccs.Sae)).Status);
    }

    [Fact]
    public async Task Killing_the_master_KME_after_enc_keys_reissues_nothing()
    {
        var before = await KmeAssert.ExchangeAsync(_curl, Cait, Ccs);
        var pending = Assert.Single(KmeAssert.Keys(await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), "{}", Cait.Sae)));

        await Testbed.RunAsync("kill-kme", "cait");
        await Testbed.RunAsync("start-kme", "cait");

        var after = await KmeAssert.ExchangeAsync(_curl, Cait, Ccs);
        Assert.NotEqual(before.Key, after.Key);
        Assert.NotEqual(pending.Key, after.Key);
        var fetched = await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + "?key_ID=" + pending.Id, Ccs.Sae);
        Assert.Equal(pending, Assert.Single(KmeAssert.Keys(fetched)), KmeAssert.SameKey);
    }

    [Fact]
    public async Task The_delivery_ledgers_hold_each_key_ID_once_per_SAE_and_no_key_twice()
    {
        for (var i = 0; i < 3; i++)
        {
            await KmeAssert.ExchangeAsync(_curl, Cait, Ccs);
        }
        // The primary key (key_ID, sae) already forbids a second delivery row; a key_ID that
        // reached more than one master would show up as two master rows across nodes.
        foreach (var node in fixture.Testbed.Nodes.Keys)
        {
            var masters = await KmeDatabase.QueryNodeAsync(node, "SELECT key_id FROM ledger WHERE role = 'master'");
            Assert.Equal(masters.Count, masters.Distinct().Count());
        }
        var caitMasters = await KmeDatabase.QueryNodeAsync("cait", "SELECT key_id FROM ledger WHERE role = 'master' AND link = 'cait-ccs'");
        var ccsSlaves = await KmeDatabase.QueryNodeAsync("ccs", "SELECT key_id FROM ledger WHERE role = 'slave' AND link = 'cait-ccs'");
        Assert.NotEmpty(ccsSlaves);
        Assert.Subset(caitMasters.ToHashSet(), ccsSlaves.ToHashSet());
    }
}
