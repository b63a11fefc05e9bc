using System.Text.Json;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests;

/// <summary>Service 3: an ETSI GS QKD 004 key stream cait → rectorado (the virtual link), opened, read and closed.</summary>
[Collection(TestbedGroup.Name)]
public sealed class Etsi004StreamTests(TestbedFixture fixture)
{
    private Curl Curl => new(fixture.Testbed.Ca);
    private TestbedNode Cait => fixture.Testbed.Nodes["cait"];
    private TestbedNode Rectorado => fixture.Testbed.Nodes["rectorado"];

    [Fact]
    public async Task A_stream_with_a_QoS_the_path_can_meet_gives_both_ends_the_same_chunks_and_closes()
    {
        await KmeAssert.WaitForKeyAsync(Curl, Cait, "rectorado");
        var opened = await CallAsync(Cait, "POST", "/api/open_connect",
            """{"source":"qkd://cait","destination":"qkd://rectorado@198.18.255.3","qos":{"key_chunk_size":32,"min_bps":256,"max_bps":5120,"timeout":5000,"ttl":60}}""");
        Assert.Equal(1, opened.GetProperty("status").GetInt32()); // 1: the peer has not connected yet
        Assert.Equal(32, opened.GetProperty("qos").GetProperty("key_chunk_size").GetInt32());
        var id = opened.GetProperty("key_stream_id").GetString()!;
        try
        {
            var joined = await CallAsync(Rectorado, "POST", "/api/open_connect", $$"""{"source":"qkd://cait","destination":"qkd://rectorado","key_stream_id":"{{id}}"}""");
            Assert.Equal(0, joined.GetProperty("status").GetInt32());

            var chunks = new List<string>();
            for (var index = 0; index < 3; index++)
            {
                var atSource = await GetKeyAsync(Cait, id, index);
                var atDestination = await GetKeyAsync(Rectorado, id, index);
                Assert.Equal(0, atSource.GetProperty("status").GetInt32());
                Assert.Equal(0, atDestination.GetProperty("status").GetInt32());
                Assert.Equal(index, atDestination.GetProperty("index").GetInt64());
                Assert.Equal(32, atSource.GetProperty("key_buffer").GetBytesFromBase64().Length);
                Assert.Equal(atSource.GetProperty("key_buffer").GetString(), atDestination.GetProperty("key_buffer").GetString());
                chunks.Add(atSource.GetProperty("key_buffer").GetString()!);
            }
            Assert.Equal(3, chunks.Distinct().Count());
        }
        finally
        {
            Assert.Equal(0, (await CallAsync(Cait, "POST", "/api/close", $$"""{"key_stream_id":"{{id}}"}""")).GetProperty("status").GetInt32());
            Assert.Equal(0, (await CallAsync(Rectorado, "POST", "/api/close", $$"""{"key_stream_id":"{{id}}"}""")).GetProperty("status").GetInt32());
        }
        var afterClose = await Curl.GetAsync($"{Cait.KmeUrl}/api/get_key?key_stream_id={id}", Cait.Sae);
        Assert.Equal(400, afterClose.Status);
    }

    [Fact]
    public async Task A_stream_asking_more_than_the_path_can_carry_is_refused_with_a_counter_offer_that_is_then_accepted()
    {
        const long Asked = 1_000_000_000_000;
        var refused = await CallAsync(Cait, "POST", "/api/open_connect",
            $$$"""{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"min_bps":{{{Asked}}},"max_bps":{{{Asked}}}}}""");
        Assert.Equal(7, refused.GetProperty("status").GetInt32());
        var offer = refused.GetProperty("qos").GetProperty("min_bps").GetInt64();
        Assert.InRange(offer, 1, Asked - 1);

        var accepted = await CallAsync(Cait, "POST", "/api/open_connect",
            $$$"""{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"min_bps":{{{offer / 2}}},"max_bps":{{{offer / 2}}}}}""");
        Assert.Equal(1, accepted.GetProperty("status").GetInt32());
        var id = accepted.GetProperty("key_stream_id").GetString()!;
        Assert.Equal(0, (await CallAsync(Cait, "POST", "/api/close", $$"""{"key_stream_id":"{{id}}"}""")).GetProperty("status").GetInt32());
    }

    private async Task<JsonElement> GetKeyAsync(TestbedNode node, string id, int index)
    {
        JsonElement answer = default;
        // A chunk is made at the stream's rate; status 6 (not within the timeout) is worth another ask.
        await Wait.UntilAsync(async () =>
        {
            answer = await CallAsync(node, "GET", $"/api/get_key?key_stream_id={id}&index={index}", null);
            return answer.GetProperty("status").GetInt32() != 6;
        }, TimeSpan.FromSeconds(30), $"chunk {index} of {id} at {node.Name}");
        return answer;
    }

    private async Task<JsonElement> CallAsync(TestbedNode node, string method, string path, string? body)
    {
        var response = await Curl.SendAsync(method, node.KmeUrl + path, node.Sae, body);
        Assert.True(response.Status == 200, $"{method} {path} at {node.Name}: {response}");
        return response.Json;
    }
}
