using System.Net;
using System.Text.Json;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// A server with two tenants, and fresh resources on demand for the matrix's requests: each
/// tunnel on subnets of its own, each session on a port of its own, so none conflicts with another.
/// </summary>
public sealed class ProbeScene : IAsyncDisposable
{
    public const string OwnNode = "cait";
    public const string OtherNode = "ccs";

    private int _next;

    private ProbeScene(ControlPlaneServer server, string tenantToken, string otherTenantToken)
    {
        Server = server;
        TenantToken = tenantToken;
        OtherTenantToken = otherTenantToken;
    }

    public ControlPlaneServer Server { get; }

    public string TenantToken { get; }

    public string OtherTenantToken { get; }

    public static async Task<ProbeScene> StartAsync()
    {
        var server = await ControlPlaneServer.StartAsync();
        return new ProbeScene(server, await server.NewTenantAsync("owner"), await server.NewTenantAsync("stranger"));
    }

    /// <summary>The Authorization header value (null: none) the caller presents.</summary>
    public string? HeaderOf(MatrixCaller caller) => caller switch
    {
        MatrixCaller.NoHeader => null,
        MatrixCaller.MalformedHeader => "Basic dGVzdDp0ZXN0",
        MatrixCaller.UnknownToken => "Bearer qa_no-such-token-anywhere",
        MatrixCaller.Admin => "Bearer " + ControlPlaneServer.AdminToken,
        MatrixCaller.Tenant => "Bearer " + TenantToken,
        MatrixCaller.OtherTenant => "Bearer " + OtherTenantToken,
        MatrixCaller.OwnNode => "Bearer " + ControlPlaneServer.NodeToken(OwnNode),
        MatrixCaller.OtherNode => "Bearer " + ControlPlaneServer.NodeToken(OtherNode),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    public async Task<HttpResponseMessage> SendAsync(ProbeRequest request, string? authorization)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = request.ToMessage();
        if (authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        using var client = Server.Client(null);
        return await client.SendAsync(message);
    }

    /// <summary>A tunnel body cait→ccs on subnets no other tunnel of this scene uses.</summary>
    public string TunnelBody()
    {
        var n = Interlocked.Increment(ref _next);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["a"] = OwnNode, ["b"] = OtherNode, ["a_subnets"] = new[] { $"10.1.{n}.0/24" }, ["b_subnets"] = new[] { $"10.2.{n}.0/24" },
        });
    }

    /// <summary>The compat query of <see cref="TunnelBody"/>.</summary>
    public string TunnelQuery()
    {
        var n = Interlocked.Increment(ref _next);
        return $"a={OwnNode}&b={OtherNode}&a_subnets=10.3.{n}.0/24&b_subnets=10.4.{n}.0/24";
    }

    /// <summary>A session body cait→ccs on a listening port no other session of this scene uses.</summary>
    public string SessionBody() =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["client_node"] = OwnNode, ["server_node"] = OtherNode, ["listen"] = 20000 + Interlocked.Increment(ref _next), ["target"] = "198.19.2.10:8080",
        });

    public string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _next)}";

    /// <summary>A tunnel the owning tenant created.</summary>
    public Task<string> TunnelIdAsync() => CreateAsync("/api/v1/ipsec/tunnels", TunnelBody());

    /// <summary>A session the owning tenant created.</summary>
    public Task<string> SessionIdAsync() => CreateAsync("/api/v1/tls/sessions", SessionBody());

    /// <summary>A tenant nobody uses, for the routes that delete one.</summary>
    public async Task<string> SpareTenantAsync()
    {
        var name = UniqueName("spare");
        await Server.NewTenantAsync(name);
        return name;
    }

    /// <summary>A spare tenant and the id of a second token of it, for the route that revokes one.</summary>
    public async Task<(string Tenant, string TokenId)> SpareTokenAsync()
    {
        var tenant = await SpareTenantAsync();
        var (status, body) = await Server.Admin().PostJsonAsync($"/api/v1/tenants/{tenant}/tokens", "{}");
        Assert.Equal(HttpStatusCode.Created, status);
        return (tenant, body.Str("token_id"));
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private async Task<string> CreateAsync(string path, string json)
    {
        var (status, body) = await Server.Client(TenantToken).PostJsonAsync(path, json);
        Assert.True(status == HttpStatusCode.Created, $"creating the probe's resource at {path}: {status} {body}");
        return body.Str("id");
    }
}
