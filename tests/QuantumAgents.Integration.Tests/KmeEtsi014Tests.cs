using System.Security.Cryptography;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>Every ETSI GS QKD 014 endpoint of the testbed's KMEs, driven by curl with client certificates.</summary>
[Collection(TestbedGroup.Name)]
public sealed class KmeEtsi014Tests(TestbedFixture fixture)
{
    private readonly Curl _curl = new(fixture.Testbed.Ca);
    private TestbedNode Cait => fixture.Testbed.Nodes["cait"];
    private TestbedNode Ccs => fixture.Testbed.Nodes["ccs"];
    private TestbedNode Rectorado => fixture.Testbed.Nodes["rectorado"];

    [Fact]
    public async Task Status_names_both_KMEs_and_reports_the_limits()
    {
        var status = await KmeAssert.WaitForKeyAsync(_curl, Cait, "ccs");
        Assert.Equal("kme-cait", status.GetProperty("source_KME_ID").GetString());
        Assert.Equal("kme-ccs", status.GetProperty("target_KME_ID").GetString());
        Assert.Equal("cait", status.GetProperty("master_SAE_ID").GetString());
        Assert.Equal("ccs", status.GetProperty("slave_SAE_ID").GetString());
        Assert.Equal(256, status.GetProperty("key_size").GetInt32());
        Assert.Equal(128, status.GetProperty("max_key_per_request").GetInt32());
        Assert.Equal(64, status.GetProperty("min_key_size").GetInt32());
        Assert.Equal(8192, status.GetProperty("max_key_size").GetInt32());
        Assert.Equal(4, status.GetProperty("max_SAE_ID_count").GetInt32());
        Assert.True(status.GetProperty("max_key_count").GetInt64() >= status.GetProperty("stored_key_count").GetInt64());
        var extension = status.GetProperty("status_extension");
        Assert.Equal("cait-ccs", extension.GetProperty("link").GetString());
        Assert.Contains("not quantum", extension.GetProperty("key_source").GetString(), StringComparison.Ordinal);
        Assert.True(extension.GetProperty("produced_bits").GetInt64() > 0);
    }

    [Fact]
    public async Task POST_enc_keys_then_POST_dec_keys_hand_both_SAEs_the_same_keys()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "ccs");
        var issued = await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), """{"number":3,"size":512}""", Cait.Sae);
        Assert.Equal(200, issued.Status);
        var keys = KmeAssert.Keys(issued);
        Assert.Equal(3, keys.Count);
        Assert.All(keys, k => Assert.Equal(64, k.Key.Length));
        Assert.Equal(3, keys.Select(k => Convert.ToHexString(k.Key)).Distinct().Count());

        var body = KmeAssert.KeyIdsBody(keys);
        var fetched = await _curl.PostAsync(Ccs.Keys("cait", "dec_keys"), body, Ccs.Sae);
        Assert.Equal(200, fetched.Status);
        Assert.Equal(keys, KmeAssert.Keys(fetched), KmeAssert.SameKey);
    }

    [Fact]
    public async Task GET_enc_keys_and_GET_dec_keys_work_with_query_parameters()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "ccs");
        var issued = await _curl.GetAsync(Cait.Keys("ccs", "enc_keys") + "?number=1&size=128", Cait.Sae);
        Assert.Equal(200, issued.Status);
        var key = Assert.Single(KmeAssert.Keys(issued));
        Assert.Equal(16, key.Key.Length);

        var fetched = await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + "?key_ID=" + key.Id, Ccs.Sae);
        Assert.Equal(200, fetched.Status);
        Assert.Equal(key, Assert.Single(KmeAssert.Keys(fetched)), KmeAssert.SameKey);
    }

    [Theory]
    [InlineData("cait", "ccs")]
    [InlineData("ccs", "cait")]
    [InlineData("ccs", "rectorado")]
    [InlineData("rectorado", "ccs")]
    public async Task Either_end_of_either_link_can_be_the_master(string master, string slave)
    {
        var key = await KmeAssert.ExchangeAsync(_curl, fixture.Testbed.Nodes[master], fixture.Testbed.Nodes[slave]);
        Assert.Equal(32, key.Key.Length);
    }

    [Fact]
    public async Task A_key_is_delivered_to_its_slave_once_then_refused_with_a_reason()
    {
        var key = await KmeAssert.ExchangeAsync(_curl, Cait, Ccs);
        var again = await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + "?key_ID=" + key.Id, Ccs.Sae);
        Assert.Equal(400, again.Status);
        Assert.Contains("already delivered", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_SAE_cannot_take_a_key_and_the_rightful_slave_still_gets_it()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "ccs");
        var key = Assert.Single(KmeAssert.Keys(await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), "{}", Cait.Sae)));

        var stolen = await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + "?key_ID=" + key.Id, Ccs.App);
        Assert.Equal(401, stolen.Status);
        Assert.Contains("not a slave SAE", stolen.Message, StringComparison.Ordinal);

        var rightful = await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + "?key_ID=" + key.Id, Ccs.Sae);
        Assert.Equal(200, rightful.Status);
        Assert.Equal(key, Assert.Single(KmeAssert.Keys(rightful)), KmeAssert.SameKey);
    }

    [Fact]
    public async Task Additional_slaves_each_get_the_key_once()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "ccs");
        var issued = await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), """{"number":1,"additional_slave_SAE_IDs":["ccs-app"]}""", Cait.Sae);
        var key = Assert.Single(KmeAssert.Keys(issued));
        foreach (var slave in new[] { Ccs.Sae, Ccs.App })
        {
            var fetched = await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + "?key_ID=" + key.Id, slave);
            Assert.Equal(key, Assert.Single(KmeAssert.Keys(fetched)), KmeAssert.SameKey);
        }
        var third = await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + "?key_ID=" + key.Id, Ccs.App);
        Assert.Equal(400, third.Status);
    }

    [Fact]
    public async Task The_master_named_in_dec_keys_must_be_the_one_that_asked_for_the_key()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "ccs");
        var key = Assert.Single(KmeAssert.Keys(await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), "{}", Cait.Sae)));
        var wrongMaster = await _curl.GetAsync(Ccs.Keys("rectorado", "dec_keys") + "?key_ID=" + key.Id, Ccs.Sae);
        Assert.Equal(400, wrongMaster.Status);
        Assert.Contains("master SAE", wrongMaster.Message, StringComparison.Ordinal);
        Assert.Equal(200, (await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + "?key_ID=" + key.Id, Ccs.Sae)).Status);
    }

    [Theory]
    [InlineData("""{"size":100}""", "multiple of 8")]
    [InlineData("""{"size":32}""", "min_key_size")]
    [InlineData("""{"size":16384}""", "max_key_size")]
    [InlineData("""{"number":0}""", "number")]
    [InlineData("""{"number":129}""", "max_key_per_request")]
    [InlineData("""{"extension_mandatory":[{"abc_route_type":"direct"}]}""", "abc_route_type")]
    [InlineData("""{"additional_slave_SAE_IDs":["nobody"]}""", "unknown SAE")]
    [InlineData("""{"additional_slave_SAE_IDs":["rectorado"]}""", "rectorado")]
    [InlineData("""{"numbr":1}""", "numbr")]
    [InlineData("""{"number":"one"}""", "JSON")]
    [InlineData("""{"number":1""", "JSON")]
    [InlineData("""not json""", "JSON")]
    public async Task A_bad_enc_keys_request_is_a_400_that_says_what_is_wrong(string body, string named)
    {
        var response = await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), body, Cait.Sae);
        Assert.Equal(400, response.Status);
        Assert.Contains(named, response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optional_extensions_are_ignored()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "ccs");
        var response = await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), """{"number":1,"extension_optional":[{"abc_qos":"x"}]}""", Cait.Sae);
        Assert.Equal(200, response.Status);
        Assert.Single(KmeAssert.Keys(response));
    }

    [Theory]
    [InlineData("nobody", "unknown SAE")]
    [InlineData("cait-app", "on this node")]
    public async Task A_slave_SAE_the_KME_cannot_serve_is_a_400(string slave, string named)
    {
        var response = await _curl.PostAsync(Cait.Keys(slave, "enc_keys"), "{}", Cait.Sae);
        Assert.Equal(400, response.Status);
        Assert.Contains(named, response.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?key_ID=00000000-0000-0000-0000-000000000000", "unknown")]
    [InlineData("?key_ID=%27%3B%20DROP%20TABLE%20keys%3B--", "unknown")]
    [InlineData("", "key_ID")]
    [InlineData("?key_ID=a&key_ID=b", "key_ID")]
    public async Task A_bad_dec_keys_request_is_a_400(string query, string named)
    {
        var response = await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + query, Ccs.Sae);
        Assert.Equal(400, response.Status);
        Assert.Contains(named, response.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"key_IDs":[]}""", "at least one")]
    [InlineData("""{"key_IDs":[{"key_ID":"x"},{"key_ID":"x"}]}""", "twice")]
    [InlineData("""{"keys":[]}""", "keys")]
    [InlineData("""[1,2,3]""", "JSON")]
    public async Task A_bad_POST_dec_keys_body_is_a_400(string body, string named)
    {
        var response = await _curl.PostAsync(Ccs.Keys("cait", "dec_keys"), body, Ccs.Sae);
        Assert.Equal(400, response.Status);
        Assert.Contains(named, response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_client_certificate_every_endpoint_is_a_401()
    {
        foreach (var url in new[] { Cait.Keys("ccs", "status"), Cait.Keys("ccs", "enc_keys"), Ccs.Keys("cait", "dec_keys") + "?key_ID=x" })
        {
            var response = await _curl.GetAsync(url);
            Assert.Equal(401, response.Status);
            Assert.Contains("no client certificate", response.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_a_401()
    {
        var stranger = await ForeignCertificate.CreateAsync("cait");
        var response = await _curl.GetAsync(Cait.Keys("ccs", "status"), stranger);
        Assert.Equal(401, response.Status);
        Assert.Contains("not issued by the trusted CA", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_KME_certificate_cannot_act_as_an_SAE()
    {
        var kme = new SaeCredentials("kme-ccs", fixture.Testbed.Pki("kme-ccs.pem"), fixture.Testbed.Pki("kme-ccs.key"));
        var response = await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), "{}", kme);
        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task An_SAE_certificate_cannot_speak_for_a_KME()
    {
        var response = await _curl.PostAsync(Ccs.KmeUrl + "/api/kme/v1/assign",
            """{"assignments":[{"master_SAE_ID":"cait","slave_SAE_IDs":["ccs"],"keys":[{"key_ID":"forged","ranges":[[0,32]]}]}]}""", Cait.Sae);
        Assert.Equal(409, response.Status);
        Assert.Equal(400, (await _curl.GetAsync(Ccs.Keys("cait", "dec_keys") + "?key_ID=forged", Ccs.Sae)).Status);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_a_message_and_the_KME_stays_healthy()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "{\"key_IDs\":[" + string.Join(",", Enumerable.Repeat("{\"key_ID\":\"00000000-0000-0000-0000-000000000000\"}", 20_000)) + "]}");
            var response = await _curl.SendAsync("POST", Ccs.Keys("cait", "dec_keys"), Ccs.Sae, bodyFile: file);
            Assert.Equal(413, response.Status);
            Assert.Contains("too large", response.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(200, (await _curl.GetAsync(Ccs.KmeUrl + "/healthz")).Status);
        await KmeAssert.ExchangeAsync(_curl, Cait, Ccs);
    }

    [Fact]
    public async Task No_KME_writes_key_material_to_its_log()
    {
        var keys = new[] { await KmeAssert.ExchangeAsync(_curl, Cait, Ccs), await KmeAssert.ExchangeAsync(_curl, Cait, Rectorado) };
        var logs = string.Concat(fixture.Testbed.Nodes.Keys.Select(n => File.ReadAllText(Path.Combine(Testbed.Directory, "logs", $"kmed-{n}.log"))));
        Assert.NotEmpty(logs);
        foreach (var (id, key) in keys)
        {
            Assert.DoesNotContain(Convert.ToBase64String(key), logs, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(key), logs, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Keys_never_repeat_across_many_requests()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "ccs");
        var seen = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            foreach (var key in KmeAssert.Keys(await _curl.PostAsync(Cait.Keys("ccs", "enc_keys"), """{"number":10}""", Cait.Sae)))
            {
                Assert.True(seen.Add(Convert.ToHexString(SHA256.HashData(key.Key))), "a key was handed out twice");
                Assert.True(seen.Add(key.Id), "a key_ID was handed out twice");
            }
        }
    }
}
