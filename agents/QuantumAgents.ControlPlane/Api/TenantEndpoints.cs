using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Api;

/// <summary><c>/api/v1/tenants</c>: the admin's; a token is shown once, when created, and kept only as its hash.</summary>
public static class TenantEndpoints
{
    public static void MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/api/v1/tenants").WithTags("Tenants").RequireCaller(CallerRole.Admin);
        tenants.MapGet("/", (ControlState state) =>
            TypedResults.Ok(new TenantList([.. state.Tenants().Select(t => new TenantView(t.Name, t.CreatedAt, t.TokenIds,
                new QuotaView(t.Quota.BitsPerSecond, t.Quota.BitsPerDay)))])));
        tenants.MapPost("/", async (HttpContext http, ControlState state) =>
        {
            var name = RequestValidator.Tenant(await JsonBody.ReadAsync(http.Request, ControlJsonContext.Default.TenantRequest).ConfigureAwait(false));
            var token = await state.CreateTenantAsync(name).ConfigureAwait(false);
            return TypedResults.Created($"/api/v1/tenants/{name}", new TokenView(name, Tokens.IdOf(Tokens.Hash(token)), token));
        }).Accepts<TenantRequest>("application/json").Produces<TokenView>(StatusCodes.Status201Created);
        tenants.MapDelete("/{name}", async (string name, ControlState state) =>
        {
            await state.DeleteTenantAsync(name).ConfigureAwait(false);
            return TypedResults.NoContent();
        });
        tenants.MapPut("/{name}/quota", async (string name, HttpContext http, ControlState state) =>
        {
            var quota = RequestValidator.Quota(await JsonBody.ReadAsync(http.Request, ControlJsonContext.Default.QuotaRequest).ConfigureAwait(false));
            await state.SetQuotaAsync(name, quota).ConfigureAwait(false);
            return TypedResults.Ok(new QuotaView(quota.BitsPerSecond, quota.BitsPerDay));
        }).Accepts<QuotaRequest>("application/json").Produces<QuotaView>()
            .WithSummary("Set what the tenant may commit of the QKD key (bits/s sustained, bits per UTC day); null or absent is no limit");
        tenants.MapPost("/{name}/tokens", async (string name, ControlState state) =>
        {
            var token = await state.CreateTokenAsync(name).ConfigureAwait(false);
            return TypedResults.Created($"/api/v1/tenants/{name}", new TokenView(name, Tokens.IdOf(Tokens.Hash(token)), token));
        });
        tenants.MapDelete("/{name}/tokens/{tokenId}", async (string name, string tokenId, ControlState state) =>
        {
            await state.RevokeTokenAsync(name, tokenId).ConfigureAwait(false);
            return TypedResults.NoContent();
        });
    }
}
