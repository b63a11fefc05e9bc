using System.Text.Json;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>ETSI GS QKD 004 key streams on the testbed, cait ⇄ rectorado (a virtual link through ccs).</summary>
[Collection(TestbedGroup.Name)]
public sealed class KmeEtsi004Tests(TestbedFixture fixture)
{
    private readonly Curl _curl = new(fixture.Testbed.Ca);
    private TestbedNode Cait => fixture.Testbed.Nodes["cait"];
    private TestbedNode Rectorado => fixture.Testbed.Nodes["rectorado"];

    [Fact]
    public async Task Both_applications_get_the_same_chunks_once_each()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "rectorado");
        var opened = await OpenAsync(Cait, """{"source":"qkd://cait","destination":"qkd://rectorado@198.18.255.3","qos":{"key_chunk_size":32,"max_bps":5120,"timeout":5000,"ttl":60}}""");
        Assert.Equal(1, opened.GetProperty("status").GetInt32());
        var id = opened.GetProperty("key_stream_id").GetString()!;
        await Wait.UntilAsync(async () => (await GetKeyAsync(Cait, id, 0)).GetProperty("status").GetInt32() == 0, TimeSpan.FromSeconds(10), "chunk 0 at the source");

        var joined = await OpenAsync(Rectorado, $$"""{"source":"qkd://cait","destination":"qkd://rectorado","key_stream_id":"{{id}}"}""");
        Assert.Equal(0, joined.GetProperty("status").GetInt32());

        var destinationChunk0 = await GetKeyAsync(Rectorado, id, 0);
        Assert.Equal(0, destinationChunk0.GetProperty("status").GetInt32());
        for (var index = 1; index <= 2; index++)
        {
            var atSource = await GetKeyAsync(Cait, id, index);
            var atDestination = await GetKeyAsync(Rectorado, id, index);
            Assert.Equal(0, atSource.GetProperty("status").GetInt32());
            Assert.Equal(index, atSource.GetProperty("index").GetInt64());
            Assert.Equal(32, atSource.GetProperty("key_buffer").GetBytesFromBase64().Length);
            Assert.Equal(atSource.GetProperty("key_buffer").GetString(), atDestination.GetProperty("key_buffer").GetString());
        }
        var again = await _curl.GetAsync($"{Cait.KmeUrl}/api/get_key?key_stream_id={id}&index=1", Cait.Sae);
        Assert.Equal(400, again.Status);
        Assert.Contains("already delivered", again.Message, StringComparison.Ordinal);
        var next = await GetKeyAsync(Rectorado, id, null);
        Assert.Equal(3, next.GetProperty("index").GetInt64());

        Assert.Equal(0, (await CloseAsync(Cait, id)).GetProperty("status").GetInt32());
        Assert.Equal(0, (await CloseAsync(Rectorado, id)).GetProperty("status").GetInt32());
        Assert.Equal(400, (await _curl.GetAsync($"{Cait.KmeUrl}/api/get_key?key_stream_id={id}", Cait.Sae)).Status);
    }

    [Fact]
    public async Task Two_streams_do_not_interfere()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "rectorado");
        var ids = new List<string>();
        foreach (var _ in new[] { 1, 2 })
        {
            var id = (await OpenAsync(Cait, """{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"max_bps":5120,"timeout":5000}}""")).GetProperty("key_stream_id").GetString()!;
            await OpenAsync(Rectorado, $$"""{"source":"qkd://cait","destination":"qkd://rectorado","key_stream_id":"{{id}}"}""");
            ids.Add(id);
        }
        var chunks = new List<string>();
        foreach (var id in ids)
        {
            var atSource = await GetKeyAsync(Cait, id, 0);
            var atDestination = await GetKeyAsync(Rectorado, id, 0);
            Assert.Equal(atSource.GetProperty("key_buffer").GetString(), atDestination.GetProperty("key_buffer").GetString());
            chunks.Add(atSource.GetProperty("key_buffer").GetString()!);
            await CloseAsync(Cait, id);
            await CloseAsync(Rectorado, id);
        }
        Assert.NotEqual(chunks[0], chunks[1]);
    }

    [Fact]
    public async Task Status_3_when_the_source_never_opened_the_stream()
    {
        var id = Guid.NewGuid().ToString();
        var opened = await OpenAsync(Rectorado, $$$"""{"source":"qkd://cait","destination":"qkd://rectorado","key_stream_id":"{{{id}}}","qos":{"timeout":300}}""");
        Assert.Equal(1, opened.GetProperty("status").GetInt32());
        Assert.Equal(3, (await GetKeyAsync(Rectorado, id, 0)).GetProperty("status").GetInt32());
        await CloseAsync(Rectorado, id);
    }

    [Theory]
    [InlineData("qkd://nobody")]
    [InlineData("qkd://cait-app")]
    public async Task Status_4_when_there_is_no_QKD_connection_to_the_destination(string destination)
    {
        var response = await OpenAsync(Cait, $$"""{"source":"qkd://cait","destination":"{{destination}}"}""");
        Assert.Equal(4, response.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Status_5_when_the_key_stream_id_is_in_use()
    {
        var id = Guid.NewGuid().ToString();
        var body = $$"""{"source":"qkd://cait","destination":"qkd://rectorado","key_stream_id":"{{id}}"}""";
        Assert.Equal(1, (await OpenAsync(Cait, body)).GetProperty("status").GetInt32());
        Assert.Equal(5, (await OpenAsync(Cait, body)).GetProperty("status").GetInt32());
        await CloseAsync(Cait, id);
    }

    [Fact]
    public async Task Status_6_when_a_chunk_does_not_come_within_the_timeout()
    {
        var id = (await OpenAsync(Cait, """{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"max_bps":256,"timeout":300}}""")).GetProperty("key_stream_id").GetString()!;
        Assert.Equal(6, (await GetKeyAsync(Cait, id, 1000)).GetProperty("status").GetInt32());
        await CloseAsync(Cait, id);
    }

    [Fact]
    public async Task Status_7_with_a_counter_offer_when_the_QoS_cannot_be_met()
    {
        var response = await OpenAsync(Cait, """{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"min_bps":1000000000000,"max_bps":1000000000000}}""");
        Assert.Equal(7, response.GetProperty("status").GetInt32());
        var offer = response.GetProperty("qos").GetProperty("min_bps").GetInt64();
        Assert.InRange(offer, 1, 999_999_999_999);

        var accepted = await OpenAsync(Cait, $$$"""{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"min_bps":{{{offer / 2}}},"max_bps":{{{offer / 2}}}}}""");
        Assert.Equal(1, accepted.GetProperty("status").GetInt32());
        await CloseAsync(Cait, accepted.GetProperty("key_stream_id").GetString()!);
    }

    [Fact]
    public async Task Status_8_when_the_metadata_does_not_fit()
    {
        var id = (await OpenAsync(Cait, """{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"timeout":5000}}""")).GetProperty("key_stream_id").GetString()!;
        var response = await _curl.GetAsync($"{Cait.KmeUrl}/api/get_key?key_stream_id={id}&index=0&metadata_size=8", Cait.Sae);
        Assert.Equal(8, response.Json.GetProperty("status").GetInt32());
        Assert.Equal(0, (await GetKeyAsync(Cait, id, 0)).GetProperty("status").GetInt32());
        await CloseAsync(Cait, id);
    }

    [Fact]
    public async Task Chunks_older_than_the_ttl_are_dropped()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "rectorado");
        var id = (await OpenAsync(Cait, """{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"ttl":1,"timeout":2000}}""")).GetProperty("key_stream_id").GetString()!;
        await OpenAsync(Rectorado, $$$"""{"source":"qkd://cait","destination":"qkd://rectorado","key_stream_id":"{{{id}}}","qos":{"ttl":1}}""");
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal(2, (await GetKeyAsync(Cait, id, 0)).GetProperty("status").GetInt32());
        Assert.Equal(2, (await GetKeyAsync(Rectorado, id, 0)).GetProperty("status").GetInt32());
        await CloseAsync(Cait, id);
        await CloseAsync(Rectorado, id);
    }

    [Fact]
    public async Task A_stream_belongs_to_its_SAE()
    {
        var id = (await OpenAsync(Cait, """{"source":"qkd://cait","destination":"qkd://rectorado"}""")).GetProperty("key_stream_id").GetString()!;
        var stranger = await _curl.GetAsync($"{Cait.KmeUrl}/api/get_key?key_stream_id={id}", Cait.App);
        Assert.Equal(401, stranger.Status);
        var notParty = await _curl.PostAsync(Cait.KmeUrl + "/api/open_connect", """{"source":"qkd://cait","destination":"qkd://rectorado"}""", Cait.App);
        Assert.Equal(401, notParty.Status);
        await CloseAsync(Cait, id);
    }

    private async Task<JsonElement> OpenAsync(TestbedNode node, string body)
    {
        var response = await _curl.PostAsync(node.KmeUrl + "/api/open_connect", body, node.Sae);
        Assert.True(response.Status == 200, response.ToString());
        return response.Json;
    }

    private async Task<JsonElement> GetKeyAsync(TestbedNode node, string id, long? index)
    {
        var response = await _curl.GetAsync($"{node.KmeUrl}/api/get_key?key_stream_id={id}" + (index is null ? "" : $"&index={index}"), node.Sae);
        Assert.True(response.Status == 200, response.ToString());
        return response.Json;
    }

    private async Task<JsonElement> CloseAsync(TestbedNode node, string id)
    {
        var response = await _curl.PostAsync(node.KmeUrl + "/api/close", $$"""{"key_stream_id":"{{id}}"}""", node.Sae);
        Assert.True(response.Status == 200, response.ToString());
        return response.Json;
    }
}
