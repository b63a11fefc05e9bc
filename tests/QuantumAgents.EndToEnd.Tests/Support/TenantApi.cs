using System.Text.Json;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>The control plane's user API as one tenant (or the admin) calls it: curl with a bearer token.</summary>
public sealed class TenantApi(Testbed testbed, string token)
{
    private readonly Curl _curl = new(testbed.Ca);

    /// <summary>Waits up to 90 s for an answer: long enough for the longest <c>?wait=</c> used here.</summary>
    public Task<CurlResponse> SendAsync(string method, string path, string? body = null) =>
        _curl.SendAsync(method, testbed.ControlPlane.Url + "/api/v1" + path, body: body, bearer: token, maxSeconds: 90);

    /// <summary>A tunnel between the two client subnets, waited for until established.</summary>
    public async Task<JsonElement> CreateTunnelAsync(string a, string b, string aSubnet, string bSubnet)
    {
        var created = await SendAsync("POST", "/ipsec/tunnels?wait=60",
            $$"""{"a":"{{a}}","b":"{{b}}","a_subnets":["{{aSubnet}}"],"b_subnets":["{{bSubnet}}"]}""");
        Assert.True(created.Status == 201, created.ToString());
        Assert.True(created.Json.GetProperty("state").GetString() == "established", created.ToString());
        return created.Json;
    }

    /// <summary>A TLS session whose client agent listens on <paramref name="listen"/>, waited for until established.</summary>
    /// <param name="connectionsPerSecond">The session's key budget; null takes the control plane's default (10).</param>
    public async Task<JsonElement> CreateSessionAsync(string client, string server, int listen, string target, int? connectionsPerSecond = null)
    {
        var rate = connectionsPerSecond is { } perSecond ? $",\"connections_per_second\":{perSecond}" : "";
        var created = await SendAsync("POST", "/tls/sessions?wait=30",
            $$"""{"client_node":"{{client}}","server_node":"{{server}}","listen":{{listen}},"target":"{{target}}"{{rate}}}""");
        Assert.True(created.Status == 201, created.ToString());
        Assert.True(created.Json.GetProperty("state").GetString() == "established", created.ToString());
        return created.Json;
    }

    /// <summary>DELETE ?wait: 204 once both agents have removed it.</summary>
    public async Task DeleteAsync(string path)
    {
        var deleted = await SendAsync("DELETE", path + "?wait=30");
        Assert.True(deleted.Status == 204, $"DELETE {path}: {deleted}");
    }

    /// <summary>Deletes every tunnel and session this caller can see (clean-up after a failed test).</summary>
    public async Task DeleteEverythingAsync()
    {
        foreach (var id in await ListIdsAsync("/ipsec/tunnels", "tunnels"))
        {
            await SendAsync("DELETE", $"/ipsec/tunnels/{id}?wait=30");
        }
        foreach (var id in await ListIdsAsync("/tls/sessions", "sessions"))
        {
            await SendAsync("DELETE", $"/tls/sessions/{id}?wait=30");
        }
    }

    /// <summary>The ids of a list route's items (<c>tunnels</c> or <c>sessions</c>).</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(string path, string property)
    {
        var listed = await SendAsync("GET", path);
        Assert.True(listed.Status == 200, listed.ToString());
        return [.. listed.Json.GetProperty(property).EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
    }
}
