using System.Diagnostics;
using QuantumAgents.Integration.Tests.Support;
using Xunit.Abstractions;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// An erased key is gone from the disk too: once delivered to its last SAE, its bytes are in no
/// file of any KME's state directory (the database, its write-ahead log, its shared memory) —
/// delivered over a direct link, forwarded through ccs, and as ETSI 004 stream chunks.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class KmeErasureTests(TestbedFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Curl _curl = new(fixture.Testbed.Ca);
    private TestbedNode Cait => fixture.Testbed.Nodes["cait"];
    private TestbedNode Ccs => fixture.Testbed.Nodes["ccs"];
    private TestbedNode Rectorado => fixture.Testbed.Nodes["rectorado"];

    [Fact]
    public async Task Keys_delivered_over_a_link_and_forwarded_through_ccs_leave_no_trace_in_any_state_file()
    {
        var delivered = new List<(string Id, byte[] Key)>();
        delivered.AddRange(await DeliverAsync(Cait, Ccs));
        delivered.AddRange(await DeliverAsync(Cait, Rectorado));
        delivered.AddRange(await DeliverAsync(Rectorado, Cait));

        await AssertErasedAsync(delivered, TestbedStates());
    }

    [Fact]
    public async Task Chunks_of_an_ETSI_004_stream_through_ccs_leave_no_trace_once_both_sides_have_them()
    {
        await KmeAssert.WaitForKeyAsync(_curl, Cait, "rectorado");
        var opened = await _curl.PostAsync(Cait.KmeUrl + "/api/open_connect",
            """{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"key_chunk_size":64,"max_bps":10240,"timeout":5000,"ttl":60}}""", Cait.Sae);
        var id = opened.Json.GetProperty("key_stream_id").GetString()!;
        await _curl.PostAsync(Rectorado.KmeUrl + "/api/open_connect", $$"""{"source":"qkd://cait","destination":"qkd://rectorado","key_stream_id":"{{id}}"}""", Rectorado.Sae);
        var chunks = new List<(string Id, byte[] Key)>();
        for (var index = 0; index < 4; index++)
        {
            var atSource = (await _curl.GetAsync($"{Cait.KmeUrl}/api/get_key?key_stream_id={id}&index={index}", Cait.Sae)).Json;
            var atDestination = (await _curl.GetAsync($"{Rectorado.KmeUrl}/api/get_key?key_stream_id={id}&index={index}", Rectorado.Sae)).Json;
            Assert.Equal(0, atSource.GetProperty("status").GetInt32());
            Assert.Equal(atSource.GetProperty("key_buffer").GetString(), atDestination.GetProperty("key_buffer").GetString());
            chunks.Add(($"{id}:{index}", atSource.GetProperty("key_buffer").GetBytesFromBase64()));
        }
        await _curl.PostAsync(Cait.KmeUrl + "/api/close", $$"""{"key_stream_id":"{{id}}"}""", Cait.Sae);
        await _curl.PostAsync(Rectorado.KmeUrl + "/api/close", $$"""{"key_stream_id":"{{id}}"}""", Rectorado.Sae);

        await AssertErasedAsync(chunks, TestbedStates());
    }

    [Fact]
    public async Task Keys_delivered_by_a_quiet_KME_pair_leave_no_trace_though_nothing_else_is_written()
    {
        // A full pool: nothing is produced, so no later write overwrites the log's old pages by
        // chance (on the busy testbed, a filling pool soon would), and only erasing can help.
        await using var pair = await LoopbackPair.StartAsync(fixture.Testbed, rateBitsPerSecond: 1_000_000, poolBits: 1 << 16);
        var status = pair.Master.Url + "/api/v1/keys/ccs/status";
        await Wait.UntilAsync(async () => (await _curl.GetAsync(status, pair.CaitSae)).Json.GetProperty("stored_key_count").GetInt64() >= 64,
            TimeSpan.FromSeconds(30), "the small pool to fill");
        var issued = KmeAssert.Keys(await _curl.PostAsync(pair.Master.Url + "/api/v1/keys/ccs/enc_keys", """{"number":5}""", pair.CaitSae));
        var fetched = KmeAssert.Keys(await _curl.PostAsync(pair.Slave.Url + "/api/v1/keys/cait/dec_keys", KmeAssert.KeyIdsBody(issued), pair.CcsSae));
        Assert.Equal(issued, fetched, KmeAssert.SameKey);

        await AssertErasedAsync([.. issued], pair.Master.Directory, pair.Slave.Directory);
    }

    /// <summary>Five keys from <paramref name="master"/>'s SAE to <paramref name="slave"/>'s, fetched there.</summary>
    private async Task<IReadOnlyList<(string Id, byte[] Key)>> DeliverAsync(TestbedNode master, TestbedNode slave)
    {
        await KmeAssert.WaitForKeyAsync(_curl, master, slave.Name);
        var issued = KmeAssert.Keys(await _curl.PostAsync(master.Keys(slave.Name, "enc_keys"), """{"number":5}""", master.Sae));
        var fetched = KmeAssert.Keys(await _curl.PostAsync(slave.Keys(master.Name, "dec_keys"), KmeAssert.KeyIdsBody(issued), slave.Sae));
        Assert.Equal(issued, fetched, KmeAssert.SameKey);
        return issued;
    }

    private string[] TestbedStates() => [.. fixture.Testbed.Nodes.Keys.Select(node => Path.GetDirectoryName(Testbed.StateDatabase(node))!)];

    private async Task AssertErasedAsync(List<(string Id, byte[] Key)> keys, params string[] states)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> traces;
        while ((traces = KeyTraces.Find(states, keys)).Count > 0 && clock.Elapsed < Patience)
        {
            await Task.Delay(50);
        }
        Assert.True(traces.Count == 0, $"after {Patience.TotalSeconds} s, delivered keys are still on disk: {string.Join("; ", traces.Take(5))}");
        output.WriteLine($"{keys.Count} delivered key(s) gone from every state file {clock.ElapsedMilliseconds} ms after the last delivery");
    }
}
