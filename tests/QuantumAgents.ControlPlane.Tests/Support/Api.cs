using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>Small HTTP helpers: JSON in, status and parsed JSON out.</summary>
public static class Api
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonElement.Parse(text));
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string path) => client.SendAsync(HttpMethod.Get, path);

    public static Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.SendAsync(HttpMethod.Post, path, json);

    public static Task<(HttpStatusCode Status, JsonElement Body)> PutJsonAsync(this HttpClient client, string path, string json) =>
        client.SendAsync(HttpMethod.Put, path, json);

    public static Task<(HttpStatusCode Status, JsonElement Body)> DeleteJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Delete, path);

    /// <summary>Creates a tenant as the admin and returns its token.</summary>
    public static async Task<string> NewTenantAsync(this ControlPlaneServer server, string name)
    {
        var (status, body) = await server.Admin().PostJsonAsync("/api/v1/tenants", JsonSerializer.Serialize(new { name }));
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("token").GetString()!;
    }

    public static string Detail(this JsonElement problem) => problem.GetProperty("detail").GetString()!;

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static JsonContent Json(object value) => JsonContent.Create(value);
}
