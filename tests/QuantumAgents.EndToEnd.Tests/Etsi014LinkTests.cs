using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests;

/// <summary>Service 2: ETSI GS QKD 014 on every link, the two physical ones and the virtual one, each way.</summary>
[Collection(TestbedGroup.Name)]
public sealed class Etsi014LinkTests(TestbedFixture fixture)
{
    private Curl Curl => new(fixture.Testbed.Ca);

    [Theory]
    [InlineData("cait", "ccs")]
    [InlineData("ccs", "cait")]
    [InlineData("ccs", "rectorado")]
    [InlineData("rectorado", "ccs")]
    [InlineData("cait", "rectorado")]
    [InlineData("rectorado", "cait")]
    public async Task Enc_keys_at_the_master_and_dec_keys_at_the_slave_give_both_the_same_fresh_keys_once(string masterNode, string slaveNode)
    {
        var master = fixture.Testbed.Nodes[masterNode];
        var slave = fixture.Testbed.Nodes[slaveNode];
        await KmeAssert.WaitForKeyAsync(Curl, master, slave.Name);

        // POST with a body, as the paper's Listing 2, and GET with a query, both of the standard's forms.
        var posted = KmeAssert.Keys(await Curl.PostAsync(master.Keys(slave.Name, "enc_keys"), """{"number":2,"size":512}""", master.Sae));
        var got = KmeAssert.Keys(await Curl.GetAsync(master.Keys(slave.Name, "enc_keys") + "?number=1&size=256", master.Sae));
        Assert.Equal(2, posted.Count);
        Assert.All(posted, k => Assert.Equal(64, k.Key.Length));
        Assert.Equal(32, Assert.Single(got).Key.Length);
        var issued = posted.Concat(got).ToList();
        Assert.Equal(3, issued.Select(k => k.Id).Distinct().Count());
        Assert.Equal(3, issued.Select(k => Convert.ToBase64String(k.Key)).Distinct().Count());

        var fetched = KmeAssert.Keys(await Curl.PostAsync(slave.Keys(master.Name, "dec_keys"), KmeAssert.KeyIdsBody(posted), slave.Sae))
            .Concat(KmeAssert.Keys(await Curl.GetAsync(slave.Keys(master.Name, "dec_keys") + "?key_ID=" + got[0].Id, slave.Sae)));
        Assert.Equal(issued, fetched, KmeAssert.SameKey);

        var twice = await Curl.GetAsync(slave.Keys(master.Name, "dec_keys") + "?key_ID=" + got[0].Id, slave.Sae);
        Assert.Equal(400, twice.Status);
    }
}
