using System.Net;
using System.Text.Json;
using QuantumAgents.ControlPlane.Auth;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>
/// Every route of the API × every kind of caller: no or a bad token → 401 with a Bearer
/// challenge, a known token of the wrong role → 403, another tenant's resource → 404, the
/// allowed callers → the route's own answer. The routes are read from the app, so a new route
/// the matrix does not cover fails <see cref="Every_route_the_app_maps_is_in_the_matrix"/>.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string Tunnels = "/api/v1/ipsec/tunnels";
    private const string Sessions = "/api/v1/tls/sessions";
    private const string Agents = "/api/v1/agents/" + ProbeScene.OwnNode;

    private static readonly CallerRole[] Users = [CallerRole.Tenant, CallerRole.Admin];
    private static readonly CallerRole[] TenantOnly = [CallerRole.Tenant];
    private static readonly CallerRole[] AdminOnly = [CallerRole.Admin];
    private static readonly CallerRole[] NodeOnly = [CallerRole.Node];

    private static readonly IReadOnlyList<RouteProbe> Matrix =
    [
        Public("/healthz", "/healthz"),
        Public("/openapi/v1.json", "/openapi/v1.json"),
        Public("/docs/{documentName?}", "/docs/v1"),
        Public("/docs/scalar.js", "/docs/scalar.js"),
        Public("/docs/scalar.aspnetcore.js", "/docs/scalar.aspnetcore.js"),
        Public("/docs/favicon.svg", "/docs/favicon.svg"),
        Route("GET", "/api/v1/nodes", Users, HttpStatusCode.OK, _ => Get("/api/v1/nodes")),

        Route("POST", Tunnels + "/", TenantOnly, HttpStatusCode.Created, s => Task.FromResult(new ProbeRequest(HttpMethod.Post, Tunnels, s.TunnelBody()))),
        Route("GET", Tunnels + "/", Users, HttpStatusCode.OK, _ => Get(Tunnels)),
        Owned("GET", Tunnels + "/{id}", HttpStatusCode.OK, async s => new ProbeRequest(HttpMethod.Get, $"{Tunnels}/{await s.TunnelIdAsync()}")),
        Owned("DELETE", Tunnels + "/{id}", HttpStatusCode.NoContent, async s => new ProbeRequest(HttpMethod.Delete, $"{Tunnels}/{await s.TunnelIdAsync()}")),

        Route("POST", Sessions + "/", TenantOnly, HttpStatusCode.Created, s => Task.FromResult(new ProbeRequest(HttpMethod.Post, Sessions, s.SessionBody()))),
        Route("GET", Sessions + "/", Users, HttpStatusCode.OK, _ => Get(Sessions)),
        Owned("GET", Sessions + "/{id}", HttpStatusCode.OK, async s => new ProbeRequest(HttpMethod.Get, $"{Sessions}/{await s.SessionIdAsync()}")),
        Owned("DELETE", Sessions + "/{id}", HttpStatusCode.NoContent, async s => new ProbeRequest(HttpMethod.Delete, $"{Sessions}/{await s.SessionIdAsync()}")),

        Route("GET", "/api/v1/entropy", TenantOnly, HttpStatusCode.OK, _ => Get("/api/v1/entropy?bytes=32")),
        Route("GET", "/api/v1/usage", Users, HttpStatusCode.OK, _ => Get("/api/v1/usage")),

        Route("GET", "/api/v1/tenants/", AdminOnly, HttpStatusCode.OK, _ => Get("/api/v1/tenants")),
        Route("POST", "/api/v1/tenants/", AdminOnly, HttpStatusCode.Created,
            s => Task.FromResult(new ProbeRequest(HttpMethod.Post, "/api/v1/tenants", JsonSerializer.Serialize(new { name = s.UniqueName("new") })))),
        Route("DELETE", "/api/v1/tenants/{name}", AdminOnly, HttpStatusCode.NoContent,
            async s => new ProbeRequest(HttpMethod.Delete, $"/api/v1/tenants/{await s.SpareTenantAsync()}")),
        Route("PUT", "/api/v1/tenants/{name}/quota", AdminOnly, HttpStatusCode.OK,
            async s => new ProbeRequest(HttpMethod.Put, $"/api/v1/tenants/{await s.SpareTenantAsync()}/quota", """{"bits_per_second":1000}""")),
        Route("POST", "/api/v1/tenants/{name}/tokens", AdminOnly, HttpStatusCode.Created,
            async s => new ProbeRequest(HttpMethod.Post, $"/api/v1/tenants/{await s.SpareTenantAsync()}/tokens")),
        Route("DELETE", "/api/v1/tenants/{name}/tokens/{tokenId}", AdminOnly, HttpStatusCode.NoContent, async s =>
        {
            var (tenant, tokenId) = await s.SpareTokenAsync();
            return new ProbeRequest(HttpMethod.Delete, $"/api/v1/tenants/{tenant}/tokens/{tokenId}");
        }),

        Route("GET", "/api/v1/agents/{node}/{kind}/work", NodeOnly, HttpStatusCode.OK, _ => Get($"{Agents}/ipsec/work?wait=0")),
        Route("PUT", "/api/v1/agents/{node}/{kind}/status", NodeOnly, HttpStatusCode.OK,
            _ => Task.FromResult(new ProbeRequest(HttpMethod.Put, $"{Agents}/tls/status", """{"version":"matrix-1"}"""))),

        Route("GET", "/compat/ipsec/create", TenantOnly, HttpStatusCode.Created, s => Get($"/compat/ipsec/create?{s.TunnelQuery()}")),
        Owned("GET", "/compat/ipsec/status", HttpStatusCode.OK, async s => new ProbeRequest(HttpMethod.Get, $"/compat/ipsec/status?id={await s.TunnelIdAsync()}")),
        Owned("GET", "/compat/ipsec/delete", HttpStatusCode.NoContent, async s => new ProbeRequest(HttpMethod.Get, $"/compat/ipsec/delete?id={await s.TunnelIdAsync()}")),
    ];

    public static TheoryData<string> Routes => [.. Matrix.Select(r => r.Key)];

    [Fact]
    public async Task Every_route_the_app_maps_is_in_the_matrix()
    {
        await using var scene = await ProbeScene.StartAsync();

        var mapped = EndpointRoutes.Of(scene.Server.Services);

        var covered = Matrix.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        Assert.True(mapped.Count > 20, $"only {mapped.Count} routes found: {string.Join(", ", mapped)}");
        var uncovered = mapped.Where(route => !covered.Contains(route)).ToList();
        var stale = covered.Where(route => !mapped.Contains(route)).ToList();
        Assert.True(uncovered.Count == 0, $"routes the matrix does not cover: {string.Join(", ", uncovered)}");
        Assert.True(stale.Count == 0, $"matrix entries the app does not map: {string.Join(", ", stale)}");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_caller_gets_what_its_role_allows(string route)
    {
        var probe = Matrix.Single(r => r.Key == route);
        await using var scene = await ProbeScene.StartAsync();
        var mismatches = new List<string>();

        foreach (var caller in Enum.GetValues<MatrixCaller>())
        {
            var request = await probe.Build(scene);
            using var response = await scene.SendAsync(request, scene.HeaderOf(caller));
            var expected = probe.ExpectedFor(caller);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected)
            {
                mismatches.Add($"{caller}: {request.Method} {request.Path} → {(int)response.StatusCode}, expected {(int)expected}: {text}");
            }
            else if (expected == HttpStatusCode.Unauthorized && !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
            {
                mismatches.Add($"{caller}: 401 without WWW-Authenticate: Bearer");
            }
            else if ((int)expected >= 400 && !HasDetail(text))
            {
                mismatches.Add($"{caller}: {(int)expected} without a problem detail: '{text}'");
            }
        }

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("bearer")]
    [InlineData("Token test-admin-token")]
    [InlineData("Basic dGVzdC1hZG1pbi10b2tlbg==")]
    [InlineData("test-admin-token")]
    [InlineData("Bearer test-admin-token-but-longer")]
    [InlineData("Bearer TEST-ADMIN-TOKEN")]
    public async Task A_header_that_is_not_exactly_a_known_bearer_token_is_refused_with_a_challenge(string authorization)
    {
        await using var scene = await ProbeScene.StartAsync();

        using var response = await scene.SendAsync(new ProbeRequest(HttpMethod.Get, "/api/v1/tenants"), authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_token_longer_than_256_characters_is_not_looked_up()
    {
        await using var scene = await ProbeScene.StartAsync();

        using var response = await scene.SendAsync(new ProbeRequest(HttpMethod.Get, "/api/v1/nodes"), "Bearer " + new string('x', 257));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_tenant_lists_only_its_own_tunnels_and_sessions_and_the_admin_lists_all()
    {
        await using var scene = await ProbeScene.StartAsync();
        var tunnel = await scene.TunnelIdAsync();
        var session = await scene.SessionIdAsync();
        var stranger = scene.Server.Client(scene.OtherTenantToken);
        var owner = scene.Server.Client(scene.TenantToken);

        Assert.Empty((await stranger.GetJsonAsync(Tunnels)).Body.GetProperty("tunnels").EnumerateArray());
        Assert.Empty((await stranger.GetJsonAsync(Sessions)).Body.GetProperty("sessions").EnumerateArray());
        Assert.Equal([tunnel], Ids(await owner.GetJsonAsync(Tunnels), "tunnels"));
        Assert.Equal([session], Ids(await owner.GetJsonAsync(Sessions), "sessions"));
        Assert.Equal([tunnel], Ids(await scene.Server.Admin().GetJsonAsync(Tunnels), "tunnels"));
    }

    [Fact]
    public async Task A_revoked_token_and_a_deleted_tenants_token_are_unknown_at_once()
    {
        await using var scene = await ProbeScene.StartAsync();
        var admin = scene.Server.Admin();
        var (_, created) = await admin.PostJsonAsync("/api/v1/tenants", """{"name":"brief"}""");
        var token = created.Str("token");
        Assert.Equal(HttpStatusCode.OK, (await scene.Server.Client(token).GetJsonAsync("/api/v1/usage")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/tenants/brief/tokens/{created.Str("token_id")}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scene.Server.Client(token).GetJsonAsync("/api/v1/usage")).Status);

        var (_, second) = await admin.PostJsonAsync("/api/v1/tenants/brief/tokens", "{}");
        Assert.Equal(HttpStatusCode.OK, (await scene.Server.Client(second.Str("token")).GetJsonAsync("/api/v1/usage")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, "/api/v1/tenants/brief")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scene.Server.Client(second.Str("token")).GetJsonAsync("/api/v1/usage")).Status);
    }

    private static List<string> Ids((HttpStatusCode Status, JsonElement Body) list, string property) =>
        [.. list.Body.GetProperty(property).EnumerateArray().Select(e => e.Str("id"))];

    private static bool HasDetail(string text)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Task<ProbeRequest> Get(string path) => Task.FromResult(new ProbeRequest(HttpMethod.Get, path));

    private static RouteProbe Public(string pattern, string path) => new("GET", pattern, [], false, HttpStatusCode.OK, _ => Get(path));

    private static RouteProbe Route(string method, string pattern, CallerRole[] roles, HttpStatusCode allowed, Func<ProbeScene, Task<ProbeRequest>> build) =>
        new(method, pattern, roles, false, allowed, build);

    private static RouteProbe Owned(string method, string pattern, HttpStatusCode allowed, Func<ProbeScene, Task<ProbeRequest>> build) =>
        new(method, pattern, Users, true, allowed, build);
}
