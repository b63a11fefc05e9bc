using System.Text.Json.Nodes;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// A pair of KMEs started by the test on loopback with a tiny, slow link: an empty pool, a peer
/// that is down, a configuration the daemon must refuse.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class KmeLoopbackTests(TestbedFixture fixture)
{
    private readonly Curl _curl = new(fixture.Testbed.Ca);

    [Fact]
    public async Task An_empty_pool_answers_503_at_once_naming_the_link()
    {
        // The pool's 1024 bytes are shared out block by block between the two KMEs as they fill,
        // so cait owns about half: wait for the pool to be full, then take all cait owns.
        await using var pair = await LoopbackPair.StartAsync(fixture.Testbed, rateBitsPerSecond: 2048, poolBits: 8192);
        var cait = pair.Master.Url + "/api/v1/keys/ccs/";
        var owned = 0L;
        await Wait.UntilAsync(async () =>
        {
            var status = (await _curl.GetAsync(cait + "status", pair.CaitSae)).Json;
            owned = status.GetProperty("stored_key_count").GetInt64();
            return owned * 256 + status.GetProperty("status_extension").GetProperty("owned_by_peer_bits").GetInt64() > 8192 - 2 * 256;
        }, TimeSpan.FromSeconds(30), "the small pool to fill");

        var drained = await _curl.PostAsync(cait + "enc_keys", $$"""{"number":{{owned}},"size":256}""", pair.CaitSae);
        Assert.Equal(200, drained.Status);
        var empty = await _curl.PostAsync(cait + "enc_keys", """{"number":16,"size":256}""", pair.CaitSae);
        Assert.Equal(503, empty.Status);
        Assert.Contains("cait-ccs", empty.Message, StringComparison.Ordinal);
        Assert.Contains("available", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pool_does_not_grow_while_the_peer_KME_is_down()
    {
        await using var pair = await LoopbackPair.StartAsync(fixture.Testbed, rateBitsPerSecond: 100_000, poolBits: 1 << 24);
        await pair.Slave.DisposeAsync();
        var status = pair.Master.Url + "/api/v1/keys/ccs/status";
        var level = (await _curl.GetAsync(status, pair.CaitSae)).Json.GetProperty("stored_key_count").GetInt64();
        await Task.Delay(1500);
        Assert.Equal(level, (await _curl.GetAsync(status, pair.CaitSae)).Json.GetProperty("stored_key_count").GetInt64());
        var refused = await _curl.PostAsync(pair.Master.Url + "/api/v1/keys/ccs/enc_keys", "{}", pair.CaitSae);
        Assert.Equal(503, refused.Status);
    }

    [Fact]
    public async Task A_key_its_slave_does_not_fetch_in_time_expires_and_says_so()
    {
        await using var pair = await LoopbackPair.StartAsync(fixture.Testbed, rateBitsPerSecond: 100_000, poolBits: 1 << 20,
            config => config["keys"] = new JsonObject { ["ttl_seconds"] = 1 });
        await Wait.UntilAsync(async () => (await _curl.GetAsync(pair.Master.Url + "/api/v1/keys/ccs/status", pair.CaitSae)).Json.GetProperty("stored_key_count").GetInt64() > 0,
            TimeSpan.FromSeconds(30), "key in the pool");
        var key = Assert.Single(KmeAssert.Keys(await _curl.PostAsync(pair.Master.Url + "/api/v1/keys/ccs/enc_keys", "{}", pair.CaitSae)));

        await Task.Delay(TimeSpan.FromSeconds(3));

        var late = await _curl.GetAsync(pair.Slave.Url + "/api/v1/keys/cait/dec_keys?key_ID=" + key.Id, pair.CcsSae);
        Assert.Equal(400, late.Status);
        Assert.Contains("expired", late.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("node", "\"\"", "node")]
    [InlineData("listen", "[\"http://127.0.0.1:1\"]", "listen[0]")]
    [InlineData("keys", "{\"default_size\": 100}", "keys.default_size")]
    [InlineData("tls", "{\"certificate\": \"/nonexistent.pem\", \"key\": \"/nonexistent.key\", \"ca\": \"/nonexistent.pem\"}", "tls.certificate")]
    [InlineData("linkz", "{}", "linkz")]
    public async Task A_bad_configuration_stops_the_daemon_with_one_line_naming_the_field(string field, string value, string named)
    {
        var directory = Directory.CreateTempSubdirectory("qa-badconfig-").FullName;
        var config = KmeProcess.Config(fixture.Testbed, "cait", 18500, directory);
        config[field] = JsonNode.Parse(value);
        var path = Path.Combine(directory, "kmed.json");
        await File.WriteAllTextAsync(path, config.ToJsonString());

        var (exitCode, error) = await KmeProcess.RunExpectingFailureAsync(path);

        Assert.Equal(78, exitCode);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("qa-kmed: configuration error:", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hop_without_enough_key_is_named_in_the_ETSI_014_503_and_the_ETSI_004_status_2()
    {
        var testbed = fixture.Testbed;
        var root = Directory.CreateTempSubdirectory("qa-trio-").FullName;
        var topology = JsonNode.Parse("""{"cait":["ccs"],"ccs":["cait","rectorado"],"rectorado":["ccs"]}""")!;
        JsonObject Config(string node, int port, params (string Peer, int Port, JsonObject Source)[] links)
        {
            var config = KmeProcess.Config(testbed, node, port, Directory.CreateDirectory(Path.Combine(root, node)).FullName, links);
            config["topology"] = topology.DeepClone();
            return config;
        }
        var plenty = (bool producer) => KmeProcess.SimulatedSource(producer, 1_000_000, 1 << 20);
        var scarce = (bool producer) => KmeProcess.SimulatedSource(producer, 8_192, 4_096);
        await using var rectorado = await KmeProcess.StartAsync(testbed, "rectorado", 18703, Config("rectorado", 18703, ("ccs", 18702, scarce(false))));
        await using var ccs = await KmeProcess.StartAsync(testbed, "ccs", 18702, Config("ccs", 18702, ("cait", 18701, plenty(false)), ("rectorado", 18703, scarce(true))));
        await using var cait = await KmeProcess.StartAsync(testbed, "cait", 18701, Config("cait", 18701, ("ccs", 18702, plenty(true))));
        await Wait.UntilAsync(async () => (await _curl.GetAsync(cait.Url + "/api/v1/keys/rectorado/status", testbed.Nodes["cait"].Sae)).Json.GetProperty("stored_key_count").GetInt64() >= 1,
            TimeSpan.FromSeconds(30), "key on both hops");
        // The refusal must come from the scarce hop, so the plentiful one has to hold enough for all 128 first.
        await Wait.UntilAsync(async () => (await _curl.GetAsync(cait.Url + "/api/v1/keys/ccs/status", testbed.Nodes["cait"].Sae)).Json.GetProperty("stored_key_count").GetInt64() >= 256,
            TimeSpan.FromSeconds(30), "cait-ccs holding 256 keys");

        // 128 keys of 256 bits need 4128 bytes on every hop; ccs-rectorado never holds more than 512.
        var refused = await _curl.PostAsync(cait.Url + "/api/v1/keys/rectorado/enc_keys", """{"number":128}""", testbed.Nodes["cait"].Sae);

        Assert.Equal(503, refused.Status);
        Assert.Contains("hop ccs-rectorado", refused.Message, StringComparison.Ordinal);
        var small = await _curl.PostAsync(cait.Url + "/api/v1/keys/rectorado/enc_keys", """{"number":1}""", testbed.Nodes["cait"].Sae);
        var key = Assert.Single(KmeAssert.Keys(small));
        var fetched = await _curl.GetAsync(rectorado.Url + "/api/v1/keys/cait/dec_keys?key_ID=" + key.Id, testbed.Nodes["rectorado"].Sae);
        Assert.Equal(key, Assert.Single(KmeAssert.Keys(fetched)), KmeAssert.SameKey);

        // An ETSI 004 stream whose 1024-byte chunks the scarce hop can never carry: status 2.
        var stream = await _curl.PostAsync(cait.Url + "/api/open_connect",
            """{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"key_chunk_size":1024,"max_bps":8192,"timeout":3000}}""", testbed.Nodes["cait"].Sae);
        var id = stream.Json.GetProperty("key_stream_id").GetString();
        var chunk = await _curl.GetAsync($"{cait.Url}/api/get_key?key_stream_id={id}&index=0", testbed.Nodes["cait"].Sae);
        Assert.Equal(2, chunk.Json.GetProperty("status").GetInt32());
        Assert.Contains("hop ccs-rectorado", chunk.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_is_named()
    {
        var (exitCode, error) = await KmeProcess.RunExpectingFailureAsync("/nonexistent/kmed.json");
        Assert.Equal(78, exitCode);
        Assert.Contains("/nonexistent/kmed.json does not exist", error, StringComparison.Ordinal);
    }
}
