using System.Net;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary><c>GET /api/v1/entropy</c>: sizes, formats, the source named in headers, limits and the tenant's rate.</summary>
public sealed class EntropyApiTests : DemoTenantApiTest
{
    protected override Task<ControlPlaneServer> StartServerAsync() => ControlPlaneServer.StartAsync(o =>
    {
        o.Entropy.MaxBytesPerRequest = 1 << 20;
        o.Entropy.TenantBurstBytes = 2 << 20;
        o.Entropy.TenantBytesPerSecond = 1 << 20;
    });

    [Fact]
    public async Task The_default_is_32_bytes_base64_from_the_simulated_source_which_says_it_is_not_quantum()
    {
        using var response = await Tenant.GetAsync("/api/v1/entropy");
        var body = System.Text.Json.JsonElement.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(32, Convert.FromBase64String(body.Str("data")).Length);
        Assert.False(body.GetProperty("quantum").GetBoolean());
        Assert.Equal("false", Assert.Single(response.Headers.GetValues("X-Entropy-Quantum")));
        Assert.Contains("not quantum", Assert.Single(response.Headers.GetValues("X-Entropy-Source")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hex_and_raw_carry_exactly_the_bytes_asked_for_and_two_answers_differ()
    {
        var hex = (await Tenant.GetJsonAsync("/api/v1/entropy?bytes=48&format=hex")).Body.Str("data");
        var raw = await Tenant.GetByteArrayAsync("/api/v1/entropy?bytes=524288&format=raw");
        var again = await Tenant.GetByteArrayAsync("/api/v1/entropy?bytes=524288&format=raw");

        Assert.Equal(48, Convert.FromHexString(hex).Length);
        Assert.Equal(1 << 19, raw.Length);
        Assert.False(raw.AsSpan().SequenceEqual(again));
        // Half a megabyte of OS CSPRNG output uses every byte value; a zeroed or constant buffer would not.
        Assert.Equal(256, raw.Distinct().Count());
    }

    [Theory]
    [InlineData("bytes=0", "bytes:")]
    [InlineData("bytes=1048577", "bytes:")]
    [InlineData("bytes=-5", "bytes:")]
    [InlineData("bytes=ten", "bytes:")]
    [InlineData("format=base32", "format: one of base64, hex, raw")]
    public async Task A_bad_request_is_refused_naming_the_parameter(string query, string detail)
    {
        var (status, problem) = await Tenant.GetJsonAsync("/api/v1/entropy?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(detail, problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_over_its_rate_gets_429_with_retry_after_and_another_tenant_is_not_affected()
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Tenant.GetAsync("/api/v1/entropy?bytes=1048576&format=raw")).StatusCode);
        }

        using var refused = await Tenant.GetAsync("/api/v1/entropy?bytes=1048576&format=raw");
        var other = Server.Client(await Server.NewTenantAsync("other"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/entropy?bytes=1048576&format=raw")).StatusCode);
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await Tenant.GetAsync("/api/v1/entropy?bytes=1048576&format=raw")).StatusCode);
    }

    [Fact]
    public async Task Served_bytes_are_metered_per_tenant()
    {
        await Tenant.GetAsync("/api/v1/entropy?bytes=10");
        await Tenant.GetAsync("/api/v1/entropy?bytes=22&format=hex");

        var usage = Assert.Single((await Tenant.GetJsonAsync("/api/v1/usage")).Body.GetProperty("tenants").EnumerateArray());
        Assert.Equal((32, 2), (usage.GetProperty("entropy_bytes").GetInt64(), usage.GetProperty("entropy_requests").GetInt64()));
    }
}
