using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>
/// Thousands of malformed inputs over every route's body, query and path values, sent with a
/// token of the route's role so they reach validation: zero 5xx, and every 4xx a problem with
/// a detail. The seed is printed; QA_FUZZ_SEED replays a run.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const string TunnelBody = """{"a":"cait","b":"ccs","a_subnets":["198.19.1.0/24","2001:db8:1::/64"],"b_subnets":["198.19.2.0/24"],"auth":"ppk","rekey_seconds":600}""";
    private const string SessionBody = """{"client_node":"cait","server_node":"ccs","listen":8443,"target":"198.19.2.10:443"}""";
    private const string TenantBody = """{"name":"fuzzed"}""";
    private const string StatusBody = """
        {"version":"1.0","facts":{"charon":"5.9.8"},"links":[{"peer":"ccs","stored_key_count":10,"max_key_count":100}],
         "resources":[{"id":"tun-000000000000","state":"keying","reason":"r","key_id":"k-1","details":{"spi_in":"c0ffee01","n":[1,2]}}]}
        """;

    /// <summary>Bodies this large are read and refused by validation; beyond the limit they are not read at all.</summary>
    private const int LargestReadBody = 250 * 1024;

    private const int RandomBodiesPerRoute = 120;
    private const int IgnoredBodiesPerRoute = 10;
    private const int RandomValuesPerParameter = 12;

    private static readonly Dictionary<string, string> Id = new() { ["id"] = "tun-000000000000" };
    private static readonly Dictionary<string, string> Agent = new() { ["node"] = "cait", ["kind"] = "ipsec" };
    private static readonly Dictionary<string, string> TenantName = new() { ["name"] = "owner" };
    private static readonly Dictionary<string, string> TenantToken = new() { ["name"] = "owner", ["tokenId"] = "0123456789ab" };

    private static readonly IReadOnlyList<FuzzTarget> Targets =
    [
        new("GET", "/healthz", MatrixCaller.NoHeader),
        new("GET", "/openapi/v1.json", MatrixCaller.NoHeader),
        new("GET", "/docs/{documentName?}", MatrixCaller.NoHeader, PathValues: new Dictionary<string, string> { ["documentName?"] = "v1" }),
        new("GET", "/docs/scalar.js", MatrixCaller.NoHeader),
        new("GET", "/docs/scalar.aspnetcore.js", MatrixCaller.NoHeader),
        new("GET", "/docs/favicon.svg", MatrixCaller.NoHeader),
        new("GET", "/api/v1/nodes", MatrixCaller.Tenant),
        new("POST", "/api/v1/ipsec/tunnels/", MatrixCaller.Tenant, TunnelBody, ["wait"]),
        new("GET", "/api/v1/ipsec/tunnels/", MatrixCaller.Admin),
        new("GET", "/api/v1/ipsec/tunnels/{id}", MatrixCaller.Tenant, PathValues: Id),
        new("DELETE", "/api/v1/ipsec/tunnels/{id}", MatrixCaller.Tenant, Query: ["wait"], PathValues: Id),
        new("POST", "/api/v1/tls/sessions/", MatrixCaller.Tenant, SessionBody, ["wait"]),
        new("GET", "/api/v1/tls/sessions/", MatrixCaller.Tenant),
        new("GET", "/api/v1/tls/sessions/{id}", MatrixCaller.Admin, PathValues: Id),
        new("DELETE", "/api/v1/tls/sessions/{id}", MatrixCaller.Admin, Query: ["wait"], PathValues: Id),
        new("GET", "/api/v1/entropy", MatrixCaller.Tenant, Query: ["bytes", "format"]),
        new("GET", "/api/v1/usage", MatrixCaller.Admin),
        new("GET", "/api/v1/tenants/", MatrixCaller.Admin),
        new("POST", "/api/v1/tenants/", MatrixCaller.Admin, TenantBody),
        new("DELETE", "/api/v1/tenants/{name}", MatrixCaller.Admin, PathValues: TenantName),
        new("PUT", "/api/v1/tenants/{name}/quota", MatrixCaller.Admin, """{"bits_per_second":1000,"bits_per_day":86400000}""", PathValues: TenantName),
        new("POST", "/api/v1/tenants/{name}/tokens", MatrixCaller.Admin, PathValues: TenantName),
        new("DELETE", "/api/v1/tenants/{name}/tokens/{tokenId}", MatrixCaller.Admin, PathValues: TenantToken),
        new("GET", "/api/v1/agents/{node}/{kind}/work", MatrixCaller.OwnNode, Query: ["revision", "wait"], PathValues: Agent, FixedQuery: "wait=0"),
        new("PUT", "/api/v1/agents/{node}/{kind}/status", MatrixCaller.OwnNode, StatusBody, PathValues: Agent),
        new("GET", "/compat/ipsec/create", MatrixCaller.Tenant, Query: ["a", "b", "a_subnets", "b_subnets", "auth", "rekey_seconds", "wait"],
            FixedQuery: "a=cait&b=ccs&a_subnets=198.19.5.0/24&b_subnets=198.19.6.0/24"),
        new("GET", "/compat/ipsec/status", MatrixCaller.Admin, Query: ["id"]),
        new("GET", "/compat/ipsec/delete", MatrixCaller.Tenant, Query: ["id", "wait"], FixedQuery: "id=tun-000000000000"),
    ];

    [Fact]
    public async Task Every_route_the_app_maps_is_fuzzed()
    {
        await using var scene = await ProbeScene.StartAsync();

        var fuzzed = Targets.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var missed = EndpointRoutes.Of(scene.Server.Services).Where(route => !fuzzed.Contains(route)).ToList();

        Assert.True(missed.Count == 0, $"routes the fuzz pass does not cover: {string.Join(", ", missed)}");
    }

    [Fact]
    public async Task Malformed_bodies_are_refused_with_a_problem_and_never_a_server_error()
    {
        await using var scene = await ProbeScene.StartAsync();
        using var run = new FuzzRun(scene);
        var json = new MalformedJson(run.Random);
        var stopwatch = Stopwatch.StartNew();

        foreach (var target in Targets)
        {
            foreach (var path in target.Body is null ? [target.PathWith()] : BodyPaths(target))
            {
                var query = WithQuery(path, target.BaseQuery(null));
                foreach (var body in target.Body is null ? IgnoredBodies(json) : Bodies(target.Body, json, run.Random))
                {
                    await run.SendAsync(target, query, body, ContentType(run.Random));
                }
                foreach (var (field, body) in target.Body is null ? [] : MalformedJson.WrongTypes(target.Body))
                {
                    await run.SendAsync(target, query, Encoding.UTF8.GetBytes(body), field: field);
                }
            }
        }

        output.WriteLine(run.Summary("bodies") + $", {stopwatch.Elapsed.TotalSeconds:F1} s");
        run.AssertClean("bodies");
        Assert.True(run.Sent > 2000 && run.Succeeded > 0, run.Summary("bodies"));
    }

    [Fact]
    public async Task Malformed_query_values_are_refused_with_a_problem_naming_the_parameter()
    {
        await using var scene = await ProbeScene.StartAsync();
        using var run = new FuzzRun(scene);
        var stopwatch = Stopwatch.StartNew();

        foreach (var target in Targets.Where(t => t.QueryNames.Count > 0))
        {
            var body = target.Body is null ? null : Encoding.UTF8.GetBytes(target.Body);
            foreach (var name in target.QueryNames)
            {
                var values = MalformedValues.Fixed.Concat(Enumerable.Range(0, RandomValuesPerParameter).Select(_ => MalformedValues.Random(run.Random, 40)));
                foreach (var value in values)
                {
                    var fuzzed = $"{name}={Uri.EscapeDataString(value)}";
                    await run.SendAsync(target, WithQuery(target.PathWith(), Join(Without(target.BaseQuery(name), name), fuzzed)), body, field: name);
                }
                // Given twice, even with a value that would do once.
                await run.SendAsync(target, WithQuery(target.PathWith(), Join(Without(target.BaseQuery(name), name), $"{name}=0&{name}=0")), body, field: name);
            }
        }

        output.WriteLine(run.Summary("query values") + $", {stopwatch.Elapsed.TotalSeconds:F1} s");
        run.AssertClean("query values");
    }

    [Fact]
    public async Task Malformed_path_values_and_unknown_query_parameters_never_cause_a_server_error()
    {
        await using var scene = await ProbeScene.StartAsync();
        using var run = new FuzzRun(scene);
        var stopwatch = Stopwatch.StartNew();
        // No NUL: the test client cannot even build such a path, and Kestrel refuses one before the app sees it.
        string[] rawSegments = ["%2F", "..%2F..", "%FF%FE", "%C3%28", "%E2%80%AE", "%F0%9F%98%80", ".", "%20", new string('a', 5000)];

        foreach (var target in Targets)
        {
            var body = target.Body is null ? null : Encoding.UTF8.GetBytes(target.Body);
            // The OpenAPI document name has a test of its own (below): it is a known finding, kept out of here so it cannot hide others.
            foreach (var name in (target.PathValues ?? new Dictionary<string, string>()).Keys.Where(n => n != "documentName"))
            {
                var escaped = MalformedValues.Fixed.Where(v => v.Length > 0)
                    .Concat(Enumerable.Range(0, RandomValuesPerParameter).Select(_ => MalformedValues.Random(run.Random, 80)))
                    .Select(v => Uri.EscapeDataString(v.Replace('\0', '?'))).Concat(rawSegments);
                foreach (var value in escaped)
                {
                    await run.SendAsync(target, WithQuery(target.PathWith(name, value), target.BaseQuery(null)), body);
                }
            }
            foreach (var junk in new[] { "x=1", "%=%", "a[]=1&a[]=2", "=", "&&&", "q=" + new string('z', 8000) })
            {
                await run.SendAsync(target, WithQuery(target.PathWith(), Join(target.BaseQuery(null), junk)), body);
            }
        }

        output.WriteLine(run.Summary("path values") + $", {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(run.Failures.Count == 0, $"{run.Summary("path values")}\n{string.Join("\n", run.Failures.Take(25))}");
        Assert.True(run.Refused > 100, run.Summary("path values"));
    }

    /// <summary>
    /// Fails today: Microsoft.AspNetCore.OpenApi answers an unknown document name itself, with a
    /// text/plain 404 ("No OpenAPI document with the name 'v2' was found."), not the API's problem details.
    /// </summary>
    [Fact]
    public async Task An_unknown_openapi_document_is_a_problem_too()
    {
        await using var scene = await ProbeScene.StartAsync();
        using var run = new FuzzRun(scene);

        await run.SendAsync(HttpMethod.Get, "/openapi/v2.json", MatrixCaller.NoHeader);

        Assert.True(run.Failures.Count == 0, string.Join("\n", run.Failures));
        Assert.Equal(1, run.Refused);
    }

    [Fact]
    public async Task A_wrong_method_or_content_type_gets_a_problem_from_the_framework_too()
    {
        await using var scene = await ProbeScene.StartAsync();
        using var run = new FuzzRun(scene);
        string[] methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
        string?[] contentTypes = [null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", ";;", "application/*"];

        foreach (var group in Targets.GroupBy(t => t.Pattern))
        {
            var target = group.First();
            foreach (var method in methods.Where(m => group.All(t => t.Method != m)))
            {
                await run.SendAsync(new HttpMethod(method), WithQuery(target.PathWith(), target.BaseQuery(null)), target.Caller, "{}"u8.ToArray());
            }
            foreach (var bodied in group.Where(t => t.Body is not null))
            {
                foreach (var contentType in contentTypes)
                {
                    await run.SendAsync(bodied, bodied.PathWith(), Encoding.UTF8.GetBytes(bodied.Body!), contentType);
                }
            }
        }
        await run.SendAsync(HttpMethod.Get, "/api/v1/no-such-route", MatrixCaller.Admin);
        await run.SendAsync(HttpMethod.Post, "/", MatrixCaller.Tenant, "{}"u8.ToArray());

        output.WriteLine(run.Summary("methods and content types"));
        run.AssertClean("methods and content types");
    }

    /// <summary>
    /// On Kestrel, as deployed: the test server has no body limit. Sent with and without a
    /// Content-Length, since a chunked body is only found too large while it is read.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/ipsec/tunnels", true)]
    [InlineData("/api/v1/tenants", true)]
    [InlineData("/api/v1/tenants", false)]
    [InlineData("/api/v1/agents/cait/ipsec/status", true)]
    [InlineData("/api/v1/agents/cait/tls/status", false)]
    public async Task A_body_over_256_KiB_is_refused_with_413_by_the_real_server(string path, bool withLength)
    {
        await using var server = await KestrelControlPlane.StartAsync();
        using var admin = server.Client(ControlPlaneServer.AdminToken);
        using var created = await admin.PostAsync("/api/v1/tenants", new StringContent("""{"name":"big"}""", Encoding.UTF8, "application/json"));
        using var tenant = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var tenantToken = tenant.RootElement.Str("token");
        var (method, token) = path.StartsWith("/api/v1/agents/", StringComparison.Ordinal) ? (HttpMethod.Put, ControlPlaneServer.NodeToken("cait"))
            : path == "/api/v1/tenants" ? (HttpMethod.Post, ControlPlaneServer.AdminToken)
            : (HttpMethod.Post, tenantToken);
        // A field the route knows, so the parser must read the whole value (an unknown one is
        // refused with 400 at its name, before a chunked body reaches the limit).
        var field = path.StartsWith("/api/v1/agents/", StringComparison.Ordinal) ? "version" : path == "/api/v1/tenants" ? "name" : "a";
        var body = Encoding.UTF8.GetBytes("{\"" + field + "\":\"" + new string('q', 256 * 1024) + "\"}");
        using var client = server.Client(token);
        using var request = new HttpRequestMessage(method, path)
        {
            Content = withLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body)),
        };
        request.Content.Headers.ContentType = new("application/json");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.Str("detail")));
    }

    /// <summary>The status route once per agent kind: each reads the same body but serves a different list.</summary>
    private static IEnumerable<string> BodyPaths(FuzzTarget target) =>
        target.Pattern.Contains("{kind}", StringComparison.Ordinal)
            ? new[] { "ipsec", "tls", "qrng" }.Select(kind => target.PathWith("kind", kind))
            : [target.PathWith()];

    private static IEnumerable<byte[]> Bodies(string template, MalformedJson json, Random random)
    {
        var valid = Encoding.UTF8.GetBytes(template);
        yield return valid;
        for (var i = 0; i < RandomBodiesPerRoute; i++)
        {
            yield return json.RandomBytes(300);
            yield return MalformedJson.Truncated(template, random.Next(valid.Length));
            yield return json.Mutated(template);
        }
        foreach (var text in MalformedJson.DeepNesting(template)
                     .Concat(MalformedJson.HugeStrings(template, 70_000)).Concat(MalformedJson.HugeStrings(template, LargestReadBody - valid.Length)))
        {
            yield return Encoding.UTF8.GetBytes(text);
        }
        foreach (var bytes in MalformedJson.OddShapes(template))
        {
            yield return bytes;
        }
    }

    /// <summary>Routes that read no body get a few anyway: it must make no difference.</summary>
    private static IEnumerable<byte[]> IgnoredBodies(MalformedJson json) => Enumerable.Range(0, IgnoredBodiesPerRoute).Select(_ => json.RandomBytes(200));

    /// <summary>Mostly JSON, sometimes none or another type: a body route must refuse those with a problem as well.</summary>
    private static string? ContentType(Random random) => random.Next(10) switch
    {
        0 => null,
        1 => "text/plain",
        2 => "application/json; charset=utf-8",
        _ => "application/json",
    };

    private static string WithQuery(string path, string query) => query.Length == 0 ? path : $"{path}?{query}";

    private static string Join(string first, string second) => first.Length == 0 ? second : second.Length == 0 ? first : $"{first}&{second}";

    private static string Without(string query, string name) =>
        string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal)));
}
