using System.Text.Json;
using QuantumAgents.Kme.Tests.Support;

namespace QuantumAgents.Kme.Tests.Api;

/// <summary><c>status_extension.rate_bits_per_second</c> and <c>drawn_bits</c> on two real KMEs.</summary>
public sealed class LinkStatusExtensionTests
{
    private static long Drawn(JsonElement extension) => extension.GetProperty("drawn_bits").GetInt64();

    [Fact]
    public async Task Both_ends_report_the_configured_link_rate()
    {
        await using var pair = await KmePair.StartAsync();
        using var cait = pair.Sae("cait");
        using var ccs = pair.Sae("ccs");

        Assert.Equal(1_000_000, (await cait.StatusExtensionAsync("ccs")).GetProperty("rate_bits_per_second").GetInt64());
        Assert.Equal(1_000_000, (await ccs.StatusExtensionAsync("cait")).GetProperty("rate_bits_per_second").GetInt64());
    }

    [Fact]
    public async Task Drawn_bits_grow_by_exactly_the_bits_issued_at_both_ends_and_dec_keys_draws_nothing_more()
    {
        await using var pair = await KmePair.StartAsync();
        using var cait = pair.Sae("cait");
        using var ccs = pair.Sae("ccs");
        await pair.WaitUntilPoolsFullAsync();
        var caitBefore = Drawn(await cait.StatusExtensionAsync("ccs"));
        var ccsBefore = Drawn(await ccs.StatusExtensionAsync("cait"));

        using var issued = await cait.EncKeysAsync("ccs", 3, 512);
        Assert.Equal(200, (int)issued.StatusCode);
        var keyId = (await issued.JsonAsync()).GetProperty("keys")[0].GetProperty("key_ID").GetString();
        using var fetched = await ccs.GetAsync($"api/v1/keys/cait/dec_keys?key_ID={keyId}");
        Assert.Equal(200, (int)fetched.StatusCode);

        Assert.Equal(3 * 512, Drawn(await cait.StatusExtensionAsync("ccs")) - caitBefore);
        // Counted when the master's KME assigned them and this one stored them, not again at dec_keys.
        Assert.Equal(3 * 512, Drawn(await ccs.StatusExtensionAsync("cait")) - ccsBefore);
    }
}
