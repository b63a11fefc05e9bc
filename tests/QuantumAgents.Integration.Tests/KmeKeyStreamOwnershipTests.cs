using System.Collections.Concurrent;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Net;
using QuantumAgents.Integration.Tests.Support;
using Xunit.Abstractions;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// No byte of a QKD link's key stream ever protects two things (DESIGN rule 5), seen as the
/// attacker QKD exists to defeat sees it: a man in the middle of every KME-to-KME channel records
/// every message (<see cref="KmeLinkTap"/>), refuses some and loses others. Both KMEs of a link
/// issue keys and forward keys for each other at once, on pools kept nearly empty, and the relay
/// is killed in the middle.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class KmeKeyStreamOwnershipTests(TestbedFixture fixture, ITestOutputHelper output)
{
    private static readonly (string Master, string Slave)[] Pairs = [("cait", "rectorado"), ("rectorado", "cait"), ("cait", "ccs"), ("ccs", "cait")];

    private Testbed Testbed => fixture.Testbed;

    [Fact]
    public async Task No_byte_serves_twice_under_two_way_forwarding_and_direct_keys_with_refusals_lost_replies_and_a_relay_restart()
    {
        var faults = new RandomTapFaults(seed: 17, refuse: 0.05, loseReply: 0.05, loseRequest: 0.02, loseBlockReply: 0.03);
        // 2 KB/s of key per link into pools of 4 KB: the four loads below want far more, so the
        // pools stay nearly empty and both ends of a link draw on their last bytes at once.
        await using var trio = await TappedKmeTrio.StartAsync(Testbed, 18710, producer => KmeProcess.SimulatedSource(producer, 16_384, 32_768), faults.Pick);
        var issued = new ConcurrentBag<(string Master, string Slave, string Id, byte[] Key)>();
        using var stop = new CancellationTokenSource();

        var loads = Pairs.Select(p => DrawKeysAsync(trio, p.Master, p.Slave, issued, stop.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await trio.KillAndRestartAsync("ccs");
        await Task.Delay(TimeSpan.FromSeconds(12));
        await stop.CancelAsync();
        await Task.WhenAll(loads);

        var messages = trio.Messages;
        Report(messages, issued);
        Assert.DoesNotContain(messages, m => m.Status == KmeLinkTap.Broke);
        // The run really exercised what it claims to: keys both ways, forwarded and direct, and every kind of fault.
        foreach (var (master, slave) in Pairs)
        {
            Assert.True(issued.Count(k => k.Master == master && k.Slave == slave) >= 5, $"only {issued.Count(k => k.Master == master && k.Slave == slave)} key(s) {master}→{slave}");
        }
        foreach (var fault in new[] { TapFault.Refuse, TapFault.LoseReply, TapFault.LoseRequest })
        {
            Assert.Contains(messages, m => m.Fault == fault && m.Path.EndsWith("/forward", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Fault == fault && m.Path.EndsWith("/assign", StringComparison.Ordinal));
        }
        Assert.Contains(messages, m => m.Link == "cait-ccs" && m.Caller == "ccs" && m.Path.EndsWith("/forward", StringComparison.Ordinal));

        // What crossed the wire: no byte offset of a link in two different messages.
        var onTheWire = StreamRangeUse.Overlaps(messages.SelectMany(StreamRangeUse.From));
        Assert.True(onTheWire.Count == 0, $"{onTheWire.Count} overlap(s) on the wire, e.g. {Describe(onTheWire)}");

        // What the KMEs recorded: no byte used twice by one KME, none drawn on by both.
        var recorded = new List<StreamRangeUse>();
        foreach (var node in new[] { "cait", "ccs", "rectorado" })
        {
            var uses = await RecordedUsesAsync(trio.Database(node), node);
            var twice = StreamRangeUse.Overlaps(uses);
            Assert.True(twice.Count == 0, $"{node} used {twice.Count} range(s) twice, e.g. {Describe(twice)}");
            recorded.AddRange(uses.Where(u => u.Unit.Contains(" assigned ", StringComparison.Ordinal) || u.Unit.Contains(" sealed ", StringComparison.Ordinal)));
        }
        var both = StreamRangeUse.Overlaps(recorded);
        Assert.True(both.Count == 0, $"{both.Count} range(s) drawn on by both KMEs of a link, e.g. {Describe(both)}");

        // Every key a master got is one no other master got, and its slave holds the same.
        Assert.Equal(issued.Count, issued.Select(k => Convert.ToHexString(k.Key)).Distinct().Count());
        foreach (var group in issued.GroupBy(k => (k.Master, k.Slave)))
        {
            using var slave = Client(trio, group.Key.Slave);
            foreach (var chunk in group.Chunk(100))
            {
                using var fetched = await slave.GetKeysWithIdsAsync(group.Key.Master, chunk.Select(k => k.Id));
                Assert.Equal(chunk.Select(k => (k.Id, Convert.ToHexString(k.Key))), fetched.Keys.Select(k => (k.KeyId, Convert.ToHexString(k.Key.AsReadOnlySpan()))));
            }
        }
    }

    [Fact]
    public async Task A_forwarding_retry_after_a_refusal_carries_new_keys_under_fresh_pads()
    {
        var refusals = 0;
        TapFault RefuseTheFirstForward(string path, string body) =>
            path.EndsWith("/forward", StringComparison.Ordinal) && Interlocked.Exchange(ref refusals, 1) == 0 ? TapFault.Refuse : TapFault.None;
        await using var trio = await TappedKmeTrio.StartAsync(Testbed, 18740, producer => KmeProcess.SimulatedSource(producer, 1_000_000, 1 << 20), RefuseTheFirstForward);
        using var cait = Client(trio, "cait");
        await Wait.UntilAsync(async () => (await cait.GetStatusAsync("rectorado")).StoredKeyCount >= 1, TimeSpan.FromSeconds(30), "key on both hops");

        using var keys = await cait.GetKeysAsync("rectorado", new Etsi014KeyRequest { Number = 1 });
        var key = Assert.Single(keys.Keys).Key.AsReadOnlySpan().ToArray();

        var sent = trio.Messages.Where(m => m.Link == "cait-ccs" && m.Path.EndsWith("/forward", StringComparison.Ordinal)).ToList();
        Assert.Equal([TapFault.Refuse, TapFault.None], sent.Select(m => m.Fault));
        Assert.Empty(StreamRangeUse.Overlaps(sent.SelectMany(StreamRangeUse.From)));
        // ccs never saw the refused message, so the pad it was sealed with is still in ccs's pool
        // (cait's to use, never ccs's): whoever reads that disk one day opens the recorded
        // ciphertext with it. It must not open to the key the master SAE was given.
        using var refused = System.Text.Json.JsonDocument.Parse(sent[0].Body);
        var ciphertext = refused.RootElement.GetProperty("ciphertext").GetBytesFromBase64();
        var pad = await PoolBytesAsync(trio.Database("ccs"), "cait-ccs", refused.RootElement.GetProperty("ranges"));
        var refusedKey = ciphertext.Select((c, i) => (byte)(c ^ pad[i])).ToArray();
        Assert.Equal(key.Length, refusedKey.Length);
        Assert.NotEqual(Convert.ToHexString(key), Convert.ToHexString(refusedKey));
    }

    [Fact]
    public async Task A_stream_chunk_whose_answer_was_lost_is_skipped_and_never_issued_again()
    {
        var lost = 0;
        TapFault LoseTheAnswerToChunk0(string path, string body) =>
            path.EndsWith("/assign", StringComparison.Ordinal) && body.Contains(":0\"", StringComparison.Ordinal) && Interlocked.Exchange(ref lost, 1) == 0
                ? TapFault.LoseReply : TapFault.None;
        await using var trio = await TappedKmeTrio.StartAsync(Testbed, 18770, producer => KmeProcess.SimulatedSource(producer, 1_000_000, 1 << 20), LoseTheAnswerToChunk0);
        var curl = new Curl(Testbed.Ca);
        var cait = Testbed.Nodes["cait"].Sae;
        var ccs = Testbed.Nodes["ccs"].Sae;
        using (var client = Client(trio, "cait"))
        {
            await Wait.UntilAsync(async () => (await client.GetStatusAsync("ccs")).StoredKeyCount >= 16, TimeSpan.FromSeconds(30), "key on cait-ccs");
        }
        var opened = (await curl.PostAsync(trio["cait"].Url + "/api/open_connect",
            """{"source":"qkd://cait","destination":"qkd://ccs","qos":{"key_chunk_size":32,"max_bps":2560,"timeout":5000,"ttl":60}}""", cait)).Json;
        var id = opened.GetProperty("key_stream_id").GetString()!;
        await curl.PostAsync(trio["ccs"].Url + "/api/open_connect", $$"""{"source":"qkd://cait","destination":"qkd://ccs","key_stream_id":"{{id}}"}""", ccs);

        var atSource = (await curl.GetAsync($"{trio["cait"].Url}/api/get_key?key_stream_id={id}&index=1", cait)).Json;
        var atDestination = (await curl.GetAsync($"{trio["ccs"].Url}/api/get_key?key_stream_id={id}&index=1", ccs)).Json;
        Assert.Equal(0, atSource.GetProperty("status").GetInt32());
        Assert.Equal(atSource.GetProperty("key_buffer").GetString(), atDestination.GetProperty("key_buffer").GetString());
        var skipped = (await curl.GetAsync($"{trio["cait"].Url}/api/get_key?key_stream_id={id}&index=0", cait)).Json;
        Assert.Equal(2, skipped.GetProperty("status").GetInt32());
        Assert.Contains("lost", skipped.GetProperty("message").GetString(), StringComparison.Ordinal);
        // Chunk 0 went out once; issuing it again would be refused (ccs may hold it) and burn key every tick.
        Assert.Single(trio.Messages, m => m.Path.EndsWith("/assign", StringComparison.Ordinal) && m.Body.Contains($"{id}:0\"", StringComparison.Ordinal));
    }

    /// <summary>The bytes of these stream ranges, read from a KME's persisted pool.</summary>
    private static async Task<byte[]> PoolBytesAsync(string database, string link, System.Text.Json.JsonElement ranges)
    {
        var rows = (await KmeDatabase.QueryAsync(database, $"SELECT start, hex(material) FROM pool WHERE link = '{link}'"))
            .Select(r => r.Split('|'))
            .Select(f => (Start: long.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), Bytes: Convert.FromHexString(f[1])))
            .ToList();
        var bytes = new List<byte>();
        foreach (var range in ranges.EnumerateArray())
        {
            for (var offset = range[0].GetInt64(); offset < range[0].GetInt64() + range[1].GetInt64(); offset++)
            {
                var row = rows.Single(r => r.Start <= offset && offset < r.Start + r.Bytes.Length);
                bytes.Add(row.Bytes[offset - row.Start]);
            }
        }
        return [.. bytes];
    }

    private async Task DrawKeysAsync(TappedKmeTrio trio, string master, string slave, ConcurrentBag<(string, string, string, byte[])> issued, CancellationToken stop)
    {
        using var client = Client(trio, master);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var keys = await client.GetKeysAsync(slave, new Etsi014KeyRequest { Number = 1 }, stop);
                foreach (var key in keys.Keys)
                {
                    issued.Add((master, slave, key.KeyId, key.Key.AsReadOnlySpan().ToArray()));
                }
            }
            catch (Exception e) when (e is Etsi014Exception or KmeUnreachableException)
            {
                // Out of key, a fault on the way, the relay being restarted: try again shortly.
                await Task.Delay(20, CancellationToken.None);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private Etsi014Client Client(TappedKmeTrio trio, string node)
    {
        var sae = Testbed.Nodes[node].Sae;
        return new Etsi014Client(new Uri(trio[node].Url + "/"), new MutualTlsOptions(sae.Certificate, sae.Key, Testbed.Ca) { Timeout = TimeSpan.FromSeconds(15) });
    }

    /// <summary>A KME's <c>stream_uses</c>, each row a unit of its own (node, use, key or message).</summary>
    private static async Task<IReadOnlyList<StreamRangeUse>> RecordedUsesAsync(string database, string node) =>
        [.. (await KmeDatabase.QueryAsync(database, "SELECT link, use, ref, start, length FROM stream_uses WHERE start IS NOT NULL"))
            .Select(row => row.Split('|'))
            .Select(f => new StreamRangeUse(f[0], $"{node} {f[1]} {f[2]}", long.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), long.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture)))];

    private static string Describe(IReadOnlyList<(StreamRangeUse First, StreamRangeUse Second)> overlaps) =>
        string.Join("; ", overlaps.Take(3).Select(o => $"{o.First.Link} [{o.First.Start},{o.First.End}) {Short(o.First.Unit)} and [{o.Second.Start},{o.Second.End}) {Short(o.Second.Unit)}"));

    private static string Short(string unit) => unit.Length > 60 ? unit[..60] + "…" : unit;

    private void Report(IReadOnlyList<TappedMessage> messages, IEnumerable<(string Master, string Slave, string Id, byte[] Key)> issued)
    {
        foreach (var group in messages.GroupBy(m => (m.Link, m.Caller, Kind: m.Path.Split('/')[^1].Split('?')[0])).OrderBy(g => g.Key.ToString()))
        {
            output.WriteLine($"{group.Key.Link} from {group.Key.Caller} {group.Key.Kind}: {group.Count()} message(s), ranges {group.Sum(m => StreamRangeUse.From(m).Count())}, "
                + string.Join(", ", group.GroupBy(m => m.Fault).Select(f => $"{f.Key} {f.Count()}")));
        }
        foreach (var pair in issued.GroupBy(k => (k.Master, k.Slave)))
        {
            output.WriteLine($"keys {pair.Key.Master}→{pair.Key.Slave}: {pair.Count()}");
        }
    }
}
