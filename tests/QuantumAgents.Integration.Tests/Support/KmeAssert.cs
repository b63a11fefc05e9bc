using System.Text.Json;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>Reading ETSI 014 answers and the common exchange the tests build on.</summary>
public static class KmeAssert
{
    public static readonly IEqualityComparer<(string Id, byte[] Key)> SameKey =
        EqualityComparer<(string Id, byte[] Key)>.Create((a, b) => a.Id == b.Id && a.Key.AsSpan().SequenceEqual(b.Key), k => k.Id.GetHashCode(StringComparison.Ordinal));

    public static IReadOnlyList<(string Id, byte[] Key)> Keys(CurlResponse response)
    {
        Assert.True(response.Status == 200, $"expected a key container, got {response}");
        return [.. response.Json.GetProperty("keys").EnumerateArray()
            .Select(k => (k.GetProperty("key_ID").GetString()!, Convert.FromBase64String(k.GetProperty("key").GetString()!)))];
    }

    /// <summary>The body of a POST dec_keys naming these keys.</summary>
    public static string KeyIdsBody(IEnumerable<(string Id, byte[] Key)> keys) =>
        "{\"key_IDs\":[" + string.Join(",", keys.Select(k => $"{{\"key_ID\":\"{k.Id}\"}}")) + "]}";

    /// <summary>Waits until the link has produced key (the simulated link needs a moment after start).</summary>
    public static async Task<JsonElement> WaitForKeyAsync(Curl curl, TestbedNode master, string slaveSae)
    {
        JsonElement status = default;
        await Wait.UntilAsync(async () =>
        {
            var response = await curl.GetAsync(master.Keys(slaveSae, "status"), master.Sae);
            Assert.True(response.Status == 200, $"status: {response}");
            status = response.Json;
            return status.GetProperty("stored_key_count").GetInt64() >= 1000;
        }, TimeSpan.FromSeconds(60), $"key on the link {master.Name}→{slaveSae}");
        return status;
    }

    /// <summary>enc_keys at the master's KME, dec_keys at the slave's; asserts both got the same key.</summary>
    public static async Task<(string Id, byte[] Key)> ExchangeAsync(Curl curl, TestbedNode master, TestbedNode slave)
    {
        await WaitForKeyAsync(curl, master, slave.Name);
        var issued = Assert.Single(Keys(await curl.PostAsync(master.Keys(slave.Name, "enc_keys"), "{}", master.Sae)));
        var fetched = Assert.Single(Keys(await curl.GetAsync(slave.Keys(master.Name, "dec_keys") + "?key_ID=" + issued.Id, slave.Sae)));
        Assert.Equal(issued, fetched, SameKey);
        return issued;
    }
}
