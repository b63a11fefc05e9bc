using System.Net;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>
/// What the admin lets a tenant commit of the QKD key, and the metering behind it: every
/// service is charged its budgeted draw for each second it lives. The clock is the test's.
/// </summary>
public sealed class QuotaApiTests : DemoTenantApiTest
{
    private const string Tunnels = "/api/v1/ipsec/tunnels";

    private static readonly DateTimeOffset LateEvening = new(2026, 12, 7, 23, 0, 0, TimeSpan.Zero);

    protected override async Task<ControlPlaneServer> StartServerAsync()
    {
        var server = await ControlPlaneServer.StartAsync();
        server.Clock.SetUtcNow(LateEvening);
        return server;
    }

    [Fact]
    public async Task Over_the_sustained_quota_a_service_gets_429_with_Retry_After_and_the_numbers()
    {
        await SetQuotaAsync("""{"bits_per_second":40}""");
        Assert.Equal(HttpStatusCode.Created, (await Tenant.PostJsonAsync(Tunnels, Tunnel(1, "psk", 10))).Status); // 25.6 bits/s

        using var response = await Post(Tunnel(2, "psk", 10));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
        Assert.Equal("quota: tenant 'demo' may commit 40 bits/s of QKD key; 25.6 committed, this asks 25.6; delete a service or ask the admin for more",
            await DetailAsync(response));
    }

    [Fact]
    public async Task Over_the_daily_quota_a_service_waits_for_midnight()
    {
        // An hour before midnight: 25.6 bits/s for 3600 s is 92160 bits.
        await SetQuotaAsync("""{"bits_per_day":90000}""");

        using var refused = await Post(Tunnel(1, "psk", 10));
        await SetQuotaAsync("""{"bits_per_day":100000}""");
        using var admitted = await Post(Tunnel(2, "psk", 10));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3600), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("quota: tenant 'demo' may use 90000 bits of QKD key per UTC day; 0 used today, and with this service its services would use 92160 by midnight",
            await DetailAsync(refused));
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
    }

    [Fact]
    public async Task Usage_meters_QKD_bits_by_budget_per_lifetime_and_per_day_and_they_survive_a_restart()
    {
        await SetQuotaAsync("""{"bits_per_second":1000,"bits_per_day":50000000}""");
        var id = (await Tenant.PostJsonAsync(Tunnels, Tunnel(1, "ppk", 10))).Body.Str("id"); // 51.2 bits/s
        Server.Clock.Advance(TimeSpan.FromSeconds(100));
        var live = Single(await Tenant.GetJsonAsync("/api/v1/usage"));

        Assert.Equal(HttpStatusCode.NoContent, (await Tenant.DeleteJsonAsync($"{Tunnels}/{id}")).Status);
        Server.Clock.Advance(TimeSpan.FromSeconds(50));
        await Server.RestartAsync();
        var finished = Single(await Server.Client(await NewTokenAsync()).GetJsonAsync("/api/v1/usage"));
        Server.Clock.Advance(TimeSpan.FromHours(1)); // past midnight: a new day
        var nextDay = Single(await Server.Admin().GetJsonAsync("/api/v1/usage"));

        Assert.Equal((5120, 5120, 51.2), (live.GetProperty("qkd_bits").GetInt64(), live.GetProperty("qkd_bits_today").GetInt64(),
            live.GetProperty("qkd_committed_bits_per_second").GetDouble()));
        Assert.Equal((5120, 5120, 0.0), (finished.GetProperty("qkd_bits").GetInt64(), finished.GetProperty("qkd_bits_today").GetInt64(),
            finished.GetProperty("qkd_committed_bits_per_second").GetDouble()));
        Assert.Equal((1000, 50000000), (finished.GetProperty("quota").GetProperty("bits_per_second").GetInt64(),
            finished.GetProperty("quota").GetProperty("bits_per_day").GetInt64()));
        Assert.Equal((5120, 0), (nextDay.GetProperty("qkd_bits").GetInt64(), nextDay.GetProperty("qkd_bits_today").GetInt64()));
    }

    [Fact]
    public async Task A_quota_is_the_admins_to_set_and_to_lift_and_bad_values_are_named()
    {
        var negative = await Server.Admin().PutJsonAsync("/api/v1/tenants/demo/quota", """{"bits_per_second":-1}""");
        var unknown = await Server.Admin().PutJsonAsync("/api/v1/tenants/nobody/quota", """{"bits_per_second":1}""");
        var byTenant = await Tenant.PutJsonAsync("/api/v1/tenants/demo/quota", "{}");
        await SetQuotaAsync("""{"bits_per_second":0}""");
        var none = await Tenant.PostJsonAsync(Tunnels, Tunnel(1, "psk", 3600));
        await SetQuotaAsync("{}");
        var lifted = await Tenant.PostJsonAsync(Tunnels, Tunnel(2, "psk", 3600));
        var listed = (await Server.Admin().GetJsonAsync("/api/v1/tenants")).Body.GetProperty("tenants")[0];

        Assert.Equal((HttpStatusCode.BadRequest, "bits_per_second: 0 or more (0 admits no service), or null for no limit"), (negative.Status, negative.Body.Detail()));
        Assert.Equal((HttpStatusCode.NotFound, "no tenant 'nobody'"), (unknown.Status, unknown.Body.Detail()));
        Assert.Equal(HttpStatusCode.Forbidden, byTenant.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, none.Status);
        Assert.Equal(HttpStatusCode.Created, lifted.Status);
        Assert.False(listed.GetProperty("quota").TryGetProperty("bits_per_second", out _));
    }

    private async Task SetQuotaAsync(string body)
    {
        var (status, _) = await Server.Admin().PutJsonAsync("/api/v1/tenants/demo/quota", body);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<string> NewTokenAsync() => (await Server.Admin().PostJsonAsync("/api/v1/tenants/demo/tokens", "{}")).Body.Str("token");

    private Task<HttpResponseMessage> Post(string body) =>
        Tenant.PostAsync(Tunnels, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        System.Text.Json.JsonElement.Parse(await response.Content.ReadAsStringAsync()).Detail();

    private static System.Text.Json.JsonElement Single((HttpStatusCode Status, System.Text.Json.JsonElement Body) usage) =>
        Assert.Single(usage.Body.GetProperty("tenants").EnumerateArray());

    private static string Tunnel(int n, string auth, int rekeySeconds) =>
        $$"""{"a":"cait","b":"ccs","a_subnets":["10.1.{{n}}.0/24"],"b_subnets":["10.2.{{n}}.0/24"],"auth":"{{auth}}","rekey_seconds":{{rekeySeconds}}}""";
}
