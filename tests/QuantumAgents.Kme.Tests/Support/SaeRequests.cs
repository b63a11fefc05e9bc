using System.Text;
using System.Text.Json;

namespace QuantumAgents.Kme.Tests.Support;

/// <summary>The ETSI 014 and 004 calls the tests make as an SAE, on a client from <see cref="KmePair.Sae"/>.</summary>
internal static class SaeRequests
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient sae, string path, string json) =>
        sae.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> EncKeysAsync(this HttpClient sae, string slave, int number, int size) =>
        sae.PostJsonAsync($"api/v1/keys/{slave}/enc_keys", $$"""{"number":{{number}},"size":{{size}}}""");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The <c>status_extension</c> of ETSI 014 <c>status</c> towards <paramref name="slave"/>.</summary>
    public static async Task<JsonElement> StatusExtensionAsync(this HttpClient sae, string slave)
    {
        using var response = await sae.GetAsync($"api/v1/keys/{slave}/status");
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("status_extension");
    }

    /// <summary>ETSI 004 OPEN_CONNECT; the whole answer (HTTP 200 is asserted: outcomes travel in <c>status</c>).</summary>
    public static async Task<JsonElement> OpenConnectAsync(this HttpClient sae, string source, string destination, string qos, string? keyStreamId = null)
    {
        var id = keyStreamId is null ? "" : $$""","key_stream_id":"{{keyStreamId}}" """;
        using var response = await sae.PostJsonAsync("api/open_connect",
            $$"""{"source":"qkd://{{source}}","destination":"qkd://{{destination}}","qos":{{qos}}{{id}}}""");
        Assert.Equal(200, (int)response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>ETSI 004 GET_KEY of chunk <paramref name="index"/>; the HTTP status and the answer.</summary>
    public static async Task<(int Http, JsonElement Answer)> GetKeyAsync(this HttpClient sae, string keyStreamId, long index)
    {
        using var response = await sae.GetAsync($"api/get_key?key_stream_id={keyStreamId}&index={index}");
        return ((int)response.StatusCode, await response.JsonAsync());
    }

    public static async Task CloseAsync(this HttpClient sae, string keyStreamId)
    {
        using var response = await sae.PostJsonAsync("api/close", $$"""{"key_stream_id":"{{keyStreamId}}"}""");
        Assert.Equal(200, (int)response.StatusCode);
    }
}
