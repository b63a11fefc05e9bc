using System.Text.Json;
using QuantumAgents.Kme.Streams;
using QuantumAgents.Kme.Tests.Support;

namespace QuantumAgents.Kme.Tests.Streams;

/// <summary>
/// The limits on ETSI 004 streams on two real KMEs: the source SAE's draw rate (cait-app may
/// draw 8192 bits/s in bursts of 8192 bits, on the pair's fake clock), the cap on open streams,
/// the idle expiry. Every outcome is HTTP 200 with the standard's status, as for the others.
/// </summary>
public sealed class Etsi004StreamLimitTests
{
    private const string OneChunkOfTheBurst = """{"key_chunk_size":1024,"max_bps":100000,"timeout":30000}""";

    private static int Status(JsonElement answer) => answer.GetProperty("status").GetInt32();

    private static string Message(JsonElement answer) => answer.GetProperty("message").GetString()!;

    [Fact]
    public async Task A_source_gets_no_more_than_its_draw_rate_and_asking_for_more_is_status_7_with_that_rate_offered()
    {
        await using var pair = await KmePair.StartAsync(o => o.Saes["cait-app"].DrawBitsPerSecond = 8192);
        using var app = pair.Sae("cait-app");

        var tooMuch = await app.OpenConnectAsync("cait-app", "ccs-app", """{"key_chunk_size":1024,"max_bps":100000,"min_bps":9000}""");
        var opened = await app.OpenConnectAsync("cait-app", "ccs-app", OneChunkOfTheBurst);

        Assert.Equal(7, Status(tooMuch));
        Assert.Equal("SAE cait-app draws at most 8192 bits/s", Message(tooMuch));
        Assert.Equal(8192, tooMuch.GetProperty("qos").GetProperty("max_bps").GetInt64());
        Assert.Equal(1, Status(opened));
        Assert.Equal(8192, opened.GetProperty("qos").GetProperty("max_bps").GetInt64());
    }

    [Fact]
    public async Task A_chunk_over_the_source_SAEs_limit_is_not_made_get_key_says_status_2_and_once_the_bucket_refills_it_is()
    {
        await using var pair = await KmePair.StartAsync(o => o.Saes["cait-app"].DrawBitsPerSecond = 8192);
        using var app = pair.Sae("cait-app");
        await pair.WaitUntilPoolsFullAsync();
        var drawnBefore = pair.Cait.Link.DrawnBytes;
        var id = (await app.OpenConnectAsync("cait-app", "ccs-app", OneChunkOfTheBurst)).GetProperty("key_stream_id").GetString()!;

        var (http0, first) = await app.GetKeyAsync(id, 0);
        var (http1, held) = await app.GetKeyAsync(id, 1);

        Assert.Equal((200, 0), (http0, Status(first)));
        Assert.Equal(1024, first.GetProperty("key_buffer").GetBytesFromBase64().Length);
        Assert.Equal((200, 2), (http1, Status(held)));
        Assert.StartsWith("SAE cait-app draws at most 8192 bits/s", Message(held), StringComparison.Ordinal);
        Assert.Equal(1024, pair.Cait.Link.DrawnBytes - drawnBefore); // exactly the one chunk made

        // The source keeps trying, refused each time before it takes any key.
        var session = pair.Cait.Service<StreamService>().Find(id)!;
        await NextRefusedAttemptAsync(session);
        await pair.WaitUntilPoolsFullAsync();
        var pools = pair.Pools();
        await NextRefusedAttemptAsync(session);
        Assert.Equal(pools, pair.Pools());
        Assert.Equal(1024, pair.Cait.Link.DrawnBytes - drawnBefore);

        pair.DrawClock.Advance(TimeSpan.FromSeconds(1));

        var second = await GetKeyOnceMadeAsync(app, id, 1);
        Assert.Equal(1024, second.GetProperty("key_buffer").GetBytesFromBase64().Length);
        Assert.Equal(2 * 1024, pair.Cait.Link.DrawnBytes - drawnBefore);
    }

    [Fact]
    public async Task Open_connect_beyond_the_SAEs_cap_is_status_4_and_closing_a_stream_frees_its_place()
    {
        await using var pair = await KmePair.StartAsync(o => o.Saes["cait-app"].MaxOpenStreams = 2);
        using var app = pair.Sae("cait-app");
        using var other = pair.Sae("cait");
        string[] ids = [.. Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString())];

        var first = await app.OpenConnectAsync("ccs-app", "cait-app", "{}", ids[0]);
        var second = await app.OpenConnectAsync("ccs-app", "cait-app", "{}", ids[1]);
        var third = await app.OpenConnectAsync("ccs-app", "cait-app", "{}", ids[2]);
        var otherSae = await other.OpenConnectAsync("ccs", "cait", "{}", Guid.NewGuid().ToString());

        Assert.Equal(new[] { 1, 1, 4, 1 }, new[] { first, second, third, otherSae }.Select(Status));
        Assert.Equal("SAE cait-app may hold at most 2 open key streams at this KME; close one first", Message(third));
        Assert.False(third.TryGetProperty("key_stream_id", out _));
        await app.CloseAsync(ids[0]);
        Assert.Equal(1, Status(await app.OpenConnectAsync("ccs-app", "cait-app", "{}", ids[2])));
    }

    [Fact]
    public async Task A_stream_with_no_get_key_for_stream_idle_seconds_is_closed_and_a_get_key_after_is_refused()
    {
        await using var pair = await KmePair.StartAsync(o => o.Keys.StreamIdleSeconds = 1);
        using var app = pair.Sae("cait-app");
        var streams = pair.Cait.Service<StreamService>();
        var id = (await app.OpenConnectAsync("cait-app", "ccs-app", """{"key_chunk_size":32,"max_bps":2560}""")).GetProperty("key_stream_id").GetString()!;
        var session = streams.Find(id)!;

        await Until(() => streams.Find(id) is null, "the idle stream to be closed");

        Assert.True(session.Stop.IsCancellationRequested, "the closed stream's source still makes chunks");
        var (http, answer) = await app.GetKeyAsync(id, 0);
        Assert.Equal(400, http);
        Assert.StartsWith($"key_stream_id {id} is not open at this KME", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Waits for the source's next attempt at a chunk, refused by the limit (it sets <c>Stalled</c> again).</summary>
    private static async Task NextRefusedAttemptAsync(StreamSession session)
    {
        session.Stalled = null;
        await Until(() => session.Stalled is not null, "the source's next attempt");
        Assert.StartsWith("SAE cait-app draws at most", session.Stalled, StringComparison.Ordinal);
    }

    /// <summary>get_key answers status 2 until the source's next attempt makes the chunk.</summary>
    private static async Task<JsonElement> GetKeyOnceMadeAsync(HttpClient sae, string id, long index)
    {
        JsonElement answer = default;
        await UntilAsync(async () =>
        {
            (_, answer) = await sae.GetKeyAsync(id, index);
            Assert.Contains(Status(answer), new[] { 0, 2 });
            return Status(answer) == 0;
        }, $"chunk {index}");
        return answer;
    }

    private static Task Until(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    // Generous: each wait is a second or so on a quiet machine.
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited 30 s for {what}");
            await Task.Delay(50);
        }
    }
}
