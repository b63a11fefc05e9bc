using System.Net;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>Tenants, their tokens, and what one tenant can see of another's.</summary>
public sealed class TenantApiTests : IAsyncLifetime
{
    private ControlPlaneServer _server = null!;

    public async Task InitializeAsync() => _server = await ControlPlaneServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_tenant_sees_and_deletes_only_its_own_resources()
    {
        var alice = _server.Client(await _server.NewTenantAsync("alice"));
        var bob = _server.Client(await _server.NewTenantAsync("bob"));
        var tunnel = (await alice.PostJsonAsync("/api/v1/ipsec/tunnels", """{"a":"cait","b":"ccs","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.2.0/24"]}""")).Body.Str("id");
        var session = (await alice.PostJsonAsync("/api/v1/tls/sessions", """{"client_node":"cait","server_node":"ccs","listen":9000,"target":"198.19.2.10:80"}""")).Body.Str("id");

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetJsonAsync($"/api/v1/ipsec/tunnels/{tunnel}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteJsonAsync($"/api/v1/ipsec/tunnels/{tunnel}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteJsonAsync($"/api/v1/tls/sessions/{session}")).Status);
        Assert.Empty((await bob.GetJsonAsync("/api/v1/ipsec/tunnels")).Body.GetProperty("tunnels").EnumerateArray());
        Assert.Single((await alice.GetJsonAsync("/api/v1/ipsec/tunnels")).Body.GetProperty("tunnels").EnumerateArray());
        Assert.Single((await _server.Admin().GetJsonAsync("/api/v1/tls/sessions")).Body.GetProperty("sessions").EnumerateArray());
        Assert.Equal(["alice"], (await alice.GetJsonAsync("/api/v1/usage")).Body.GetProperty("tenants").EnumerateArray().Select(t => t.Str("tenant")));
        Assert.Equal(["alice", "bob"], (await _server.Admin().GetJsonAsync("/api/v1/usage")).Body.GetProperty("tenants").EnumerateArray().Select(t => t.Str("tenant")));
    }

    [Fact]
    public async Task Tokens_are_shown_once_stored_hashed_and_revocable()
    {
        var first = await _server.NewTenantAsync("carol");
        var (_, second) = await _server.Admin().PostJsonAsync("/api/v1/tenants/carol/tokens", "{}");
        var listed = Assert.Single((await _server.Admin().GetJsonAsync("/api/v1/tenants")).Body.GetProperty("tenants").EnumerateArray());
        Assert.Equal(2, listed.GetProperty("token_ids").GetArrayLength());
        Assert.DoesNotContain(first, listed.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin().DeleteJsonAsync($"/api/v1/tenants/carol/tokens/{second.Str("token_id")}")).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Client(second.Str("token")).GetJsonAsync("/api/v1/usage")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client(first).GetJsonAsync("/api/v1/usage")).Status);
        var database = await File.ReadAllBytesAsync(Path.Combine(_server.Options.StateDirectory, "controld.db"));
        var wal = Path.Combine(_server.Options.StateDirectory, "controld.db-wal");
        var stored = System.Text.Encoding.ASCII.GetString([.. database, .. File.Exists(wal) ? await File.ReadAllBytesAsync(wal) : []]);
        Assert.DoesNotContain(first, stored, StringComparison.Ordinal);
        Assert.Contains(QuantumAgents.ControlPlane.Auth.Tokens.Hash(first), stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_with_resources_cannot_be_deleted_and_one_without_can()
    {
        var dave = _server.Client(await _server.NewTenantAsync("dave"));
        var id = (await dave.PostJsonAsync("/api/v1/ipsec/tunnels", """{"a":"cait","b":"ccs","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.2.0/24"]}""")).Body.Str("id");

        var refused = await _server.Admin().DeleteJsonAsync("/api/v1/tenants/dave");
        await dave.DeleteJsonAsync($"/api/v1/ipsec/tunnels/{id}");
        var deleted = await _server.Admin().DeleteJsonAsync("/api/v1/tenants/dave");

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains(id, refused.Body.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await dave.GetJsonAsync("/api/v1/usage")).Status);
    }

    [Theory]
    [InlineData("""{"name":"Bad Name"}""", 400)]
    [InlineData("""{}""", 400)]
    [InlineData("""{"name":"erin","plan":"gold"}""", 400)]
    public async Task A_bad_tenant_is_refused(string body, int status)
    {
        Assert.Equal(status, (int)(await _server.Admin().PostJsonAsync("/api/v1/tenants", body)).Status);
    }

    [Fact]
    public async Task A_tenant_name_is_taken_once()
    {
        await _server.NewTenantAsync("frank");

        var again = await _server.Admin().PostJsonAsync("/api/v1/tenants", """{"name":"frank"}""");

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("name: tenant 'frank' exists", again.Body.Detail(), StringComparison.Ordinal);
    }
}
