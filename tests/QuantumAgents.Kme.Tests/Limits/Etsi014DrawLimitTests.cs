using QuantumAgents.Kme.Tests.Support;

namespace QuantumAgents.Kme.Tests.Limits;

/// <summary>
/// An SAE over its draw limit at <c>enc_keys</c>, on two real KMEs: 429 with <c>Retry-After</c>
/// and the spec's error body, and not one byte taken from either pool at either KME. SAE
/// cait-app may draw 1024 bits/s, in bursts of 8192 bits (keys.max_size, as one second of its
/// rate is less); its bucket runs on the pair's fake clock, which only the test moves.
/// </summary>
public sealed class Etsi014DrawLimitTests
{
    private static Task<KmePair> StartAsync() => KmePair.StartAsync(o => o.Saes["cait-app"].DrawBitsPerSecond = 1024);

    [Fact]
    public async Task Over_its_limit_an_SAE_gets_429_with_Retry_After_and_no_key_leaves_either_pool()
    {
        await using var pair = await StartAsync();
        using var app = pair.Sae("cait-app");
        await pair.WaitUntilPoolsFullAsync();
        using (var burst = await app.EncKeysAsync("ccs-app", 32, 256))
        {
            Assert.Equal(200, (int)burst.StatusCode);
        }
        await pair.WaitUntilPoolsFullAsync();
        var pools = pair.Pools();
        var drawn = (pair.Cait.Link.DrawnBytes, pair.Ccs.Link.DrawnBytes);

        using var refused = await app.EncKeysAsync("ccs-app", 1, 256);

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta); // 256 bits at 1024 bits/s, rounded up
        var body = await refused.JsonAsync();
        Assert.StartsWith("SAE cait-app draws at most 1024 bits/s", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("keys", out _));
        Assert.Equal(pools, pair.Pools());
        Assert.Equal(drawn, (pair.Cait.Link.DrawnBytes, pair.Ccs.Link.DrawnBytes));
    }

    [Fact]
    public async Task The_bucket_refills_so_the_same_request_succeeds_after_Retry_After()
    {
        await using var pair = await StartAsync();
        using var app = pair.Sae("cait-app");
        await pair.WaitUntilPoolsFullAsync();
        using (var burst = await app.EncKeysAsync("ccs-app", 32, 256))
        {
            Assert.Equal(200, (int)burst.StatusCode);
        }
        using var refused = await app.EncKeysAsync("ccs-app", 4, 256);
        Assert.Equal(429, (int)refused.StatusCode);

        pair.DrawClock.Advance(refused.Headers.RetryAfter!.Delta!.Value);

        using var later = await app.EncKeysAsync("ccs-app", 4, 256);
        Assert.Equal(200, (int)later.StatusCode);
        Assert.Equal(4, (await later.JsonAsync()).GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task The_limit_is_per_SAE_another_SAE_of_the_node_draws_on()
    {
        await using var pair = await StartAsync();
        using var app = pair.Sae("cait-app");
        using var other = pair.Sae("cait");
        await pair.WaitUntilPoolsFullAsync();
        using (var burst = await app.EncKeysAsync("ccs-app", 32, 256))
        {
            Assert.Equal(200, (int)burst.StatusCode);
        }

        using var refused = await app.EncKeysAsync("ccs-app", 1, 256);
        using var unlimited = await other.EncKeysAsync("ccs", 64, 256);

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal(200, (int)unlimited.StatusCode);
    }

    [Fact]
    public async Task A_request_larger_than_the_burst_is_a_400_naming_it_as_waiting_would_not_help()
    {
        await using var pair = await StartAsync();
        using var app = pair.Sae("cait-app");
        await pair.WaitUntilPoolsFullAsync();
        var pools = pair.Pools();

        using var refused = await app.EncKeysAsync("ccs-app", 33, 256);

        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Null(refused.Headers.RetryAfter);
        Assert.Contains("at most 8192 bits at once", (await refused.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(pools, pair.Pools());
    }
}
