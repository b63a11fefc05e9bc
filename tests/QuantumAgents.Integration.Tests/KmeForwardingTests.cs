using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// Trusted-node forwarding on the testbed: cait and rectorado have no QKD link, yet their SAEs
/// get keys through ccs, one-time-pad encrypted and one-time-MAC authenticated on each hop.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class KmeForwardingTests(TestbedFixture fixture)
{
    private readonly Curl _curl = new(fixture.Testbed.Ca);
    private TestbedNode Cait => fixture.Testbed.Nodes["cait"];
    private TestbedNode Ccs => fixture.Testbed.Nodes["ccs"];
    private TestbedNode Rectorado => fixture.Testbed.Nodes["rectorado"];

    [Theory]
    [InlineData("cait", "rectorado")]
    [InlineData("rectorado", "cait")]
    public async Task ETSI_014_works_across_the_virtual_link_exactly_as_across_a_direct_one(string master, string slave)
    {
        var key = await KmeAssert.ExchangeAsync(_curl, fixture.Testbed.Nodes[master], fixture.Testbed.Nodes[slave]);
        var again = await _curl.GetAsync(fixture.Testbed.Nodes[slave].Keys(master, "dec_keys") + "?key_ID=" + key.Id, fixture.Testbed.Nodes[slave].Sae);
        Assert.Equal(400, again.Status);
    }

    [Fact]
    public async Task Status_of_a_virtual_pair_names_the_path_and_counts_what_the_path_can_carry()
    {
        var status = await KmeAssert.WaitForKeyAsync(_curl, Cait, "rectorado");
        Assert.Equal("kme-rectorado", status.GetProperty("target_KME_ID").GetString());
        var path = status.GetProperty("status_extension").GetProperty("path").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(["cait", "ccs", "rectorado"], path);
        var direct = (await _curl.GetAsync(Cait.Keys("ccs", "status"), Cait.Sae)).Json.GetProperty("stored_key_count").GetInt64();
        // Each forwarded 256-bit key costs 32 bytes of pad and 32 of MAC key on every hop.
        Assert.True(status.GetProperty("stored_key_count").GetInt64() <= direct / 2 + 1);
    }

    [Fact]
    public async Task Several_keys_and_additional_slaves_are_forwarded_in_one_request()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "rectorado");
        var issued = KmeAssert.Keys(await _curl.PostAsync(Cait.Keys("rectorado", "enc_keys"),
            """{"number":3,"size":512,"additional_slave_SAE_IDs":["rectorado-app"]}""", Cait.Sae));
        Assert.Equal(3, issued.Count);
        foreach (var slave in new[] { Rectorado.Sae, Rectorado.App })
        {
            var fetched = await _curl.PostAsync(Rectorado.Keys("cait", "dec_keys"), KmeAssert.KeyIdsBody(issued), slave);
            Assert.Equal(issued, KmeAssert.Keys(fetched), KmeAssert.SameKey);
        }
    }

    [Fact]
    public async Task The_relay_restarting_between_messages_delivers_no_wrong_key()
    {
        var before = await KmeAssert.ExchangeAsync(_curl, Cait, Rectorado);
        var pending = Assert.Single(KmeAssert.Keys(await _curl.PostAsync(Cait.Keys("rectorado", "enc_keys"), "{}", Cait.Sae)));

        await Testbed.RunAsync("restart-kme", "ccs");

        var after = await KmeAssert.ExchangeAsync(_curl, Cait, Rectorado);
        Assert.NotEqual(before.Key, after.Key);
        var fetched = await _curl.GetAsync(Rectorado.Keys("cait", "dec_keys") + "?key_ID=" + pending.Id, Rectorado.Sae);
        Assert.Equal(pending, Assert.Single(KmeAssert.Keys(fetched)), KmeAssert.SameKey);
    }

    [Fact]
    public async Task A_forged_forwarding_message_is_refused_and_its_replay_too_and_no_key_is_delivered()
    {
        await KmeAssert.ExchangeAsync(_curl, Ccs, Rectorado);
        var kmeCcs = new SaeCredentials("kme-ccs", fixture.Testbed.Pki("kme-ccs.pem"), fixture.Testbed.Pki("kme-ccs.key"));
        var keyId = Guid.NewGuid().ToString();
        string forged;
        CurlResponse refused;
        var attempts = 0;
        do
        {
            // Someone holding ccs's KME certificate (a man in the middle of the KME channel could do
            // no better) sends rectorado a message over key material rectorado really holds for ccs.
            // Between reading the pool and posting, ccs may name that material itself (a relay, a
            // rekey elsewhere on the testbed): then the refusal says so, and we forge over newer material.
            var (start, length) = await HighestPoolSegmentAsync("rectorado", "ccs-rectorado", owner: "ccs");
            forged = ForgedMessage(keyId, start + length - 64);
            refused = await _curl.PostAsync(Rectorado.KmeUrl + "/api/kme/v1/forward", forged, kmeCcs);
        }
        while (refused.Message.Contains("not in the pool", StringComparison.Ordinal) && ++attempts < 5);
        Assert.Equal(409, refused.Status);
        Assert.Contains("authentication failed", refused.Message, StringComparison.Ordinal);

        var replayed = await _curl.PostAsync(Rectorado.KmeUrl + "/api/kme/v1/forward", forged, kmeCcs);
        Assert.Equal(409, replayed.Status);
        Assert.Contains("replayed", replayed.Message, StringComparison.Ordinal);

        var notDelivered = await _curl.GetAsync(Rectorado.Keys("cait", "dec_keys") + "?key_ID=" + keyId, Rectorado.Sae);
        Assert.Equal(400, notDelivered.Status);
        Assert.Contains("unknown", notDelivered.Message, StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(Path.Combine(Testbed.Directory, "logs", "kmed-rectorado.log"));
        Assert.Contains("authentication failed (tampered)", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_message_burns_its_ranges_from_the_receivers_store_so_no_restart_brings_them_back()
    {
        await KmeAssert.ExchangeAsync(_curl, Ccs, Rectorado);
        var kmeCcs = new SaeCredentials("kme-ccs", fixture.Testbed.Pki("kme-ccs.pem"), fixture.Testbed.Pki("kme-ccs.key"));
        var (start, length) = await HighestPoolSegmentAsync("rectorado", "ccs-rectorado", owner: "ccs");
        // Refused before any key is touched (the master SAE is not of the origin node), yet ccs
        // sealed it over these bytes: they must leave rectorado's pool, on disk as in memory.
        var burned = (Start: start + length - 32, Length: 32L);
        var message = JsonNode.Parse(ForgedMessage(Guid.NewGuid().ToString(), burned.Start))!.AsObject();
        message["master_SAE_ID"] = "rectorado";
        message["ranges"] = new JsonArray(new JsonArray(burned.Start, burned.Length));

        var refused = await _curl.PostAsync(Rectorado.KmeUrl + "/api/kme/v1/forward", message.ToJsonString(), kmeCcs);

        Assert.Equal(409, refused.Status);
        Assert.Contains("is not an SAE of the origin node", refused.Message, StringComparison.Ordinal);
        var overlapping = await KmeDatabase.QueryNodeAsync("rectorado",
            $"SELECT start FROM pool WHERE link = 'ccs-rectorado' AND start < {burned.Start + burned.Length} AND start + length(material) > {burned.Start}");
        Assert.Empty(overlapping);
    }

    [Fact]
    public async Task Every_hop_accounts_for_the_key_it_used()
    {
        var before = await HopBytesAsync("ccs");
        await KmeAssert.ExchangeAsync(_curl, Cait, Rectorado);
        var after = await HopBytesAsync("ccs");
        // The relay opened 64 bytes from cait-ccs (pad + MAC key) and sealed 64 for ccs-rectorado.
        Assert.Equal(64, after["cait-ccs/opened"] - before.GetValueOrDefault("cait-ccs/opened"));
        Assert.Equal(64, after["ccs-rectorado/sealed"] - before.GetValueOrDefault("ccs-rectorado/sealed"));
    }

    private static string ForgedMessage(string keyId, long rangeStart) => new JsonObject
    {
        ["message_ID"] = Guid.NewGuid().ToString(),
        ["origin"] = "cait",
        ["destination"] = "rectorado",
        ["master_SAE_ID"] = "cait",
        ["slave_SAE_IDs"] = new JsonArray("rectorado"),
        ["key_IDs"] = new JsonArray(keyId),
        ["key_bytes"] = 32,
        ["ranges"] = new JsonArray(new JsonArray(rangeStart, 64)),
        ["ciphertext"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["tag"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
    }.ToJsonString();

    private static async Task<(long Start, long Length)> HighestPoolSegmentAsync(string node, string link, string owner)
    {
        var row = await KmeDatabase.QueryNodeAsync(node, $"SELECT start, length(material) FROM pool WHERE link = '{link}' AND owner = '{owner}' ORDER BY start DESC LIMIT 1");
        var parts = row[0].Split('|');
        return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<Dictionary<string, long>> HopBytesAsync(string node)
    {
        var rows = await KmeDatabase.QueryNodeAsync(node, "SELECT link || '/' || use, sum(length) FROM stream_uses GROUP BY link, use");
        return rows
            .Select(r => r.Split('|'))
            .ToDictionary(r => r[0], r => long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
