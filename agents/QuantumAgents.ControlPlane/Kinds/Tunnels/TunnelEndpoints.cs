using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Kinds.Tunnels;

/// <summary><c>/api/v1/ipsec/tunnels</c>: QKD-keyed IPsec tunnels between two nodes.</summary>
public static class TunnelEndpoints
{
    public const string Path = "/api/v1/ipsec/tunnels";

    public static void MapTunnelEndpoints(this IEndpointRouteBuilder app, TunnelKind kind)
    {
        var tunnels = app.MapGroup(Path).WithTags("IPsec tunnels");
        tunnels.MapPost("/", async (HttpContext http, ControlState state, RequestValidator validator, ControlPlaneOptions options) =>
            {
                var wait = QueryValues.Wait(http.Request, options.MaxWaitSeconds);
                var spec = validator.Tunnel(await JsonBody.ReadAsync(http.Request, ControlJsonContext.Default.TunnelRequest).ConfigureAwait(false));
                return await ResourceHandlers.CreatedAsync(http, state, Path, wait, kind.CreateAsync(state, http.Caller().TenantName, spec), TunnelViews.Tunnel)
                    .ConfigureAwait(false);
            })
            .RequireCaller(CallerRole.Tenant)
            .Accepts<TunnelRequest>("application/json").Produces<TunnelView>(StatusCodes.Status201Created)
            .WithSummary("Create a tunnel; ?wait=SECONDS blocks until it is established or failed");
        tunnels.MapGet("/", (HttpContext http, ControlState state) =>
                TypedResults.Ok(new TunnelList(ResourceHandlers.List(http, state, kind, TunnelViews.Tunnel))))
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin);
        tunnels.MapGet("/{id}", (string id, HttpContext http, ControlState state) =>
                ResourceHandlers.Get(id, http, state, kind, TunnelViews.Tunnel))
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin).Produces<TunnelView>();
        tunnels.MapDelete("/{id}", (string id, HttpContext http, ControlState state, ControlPlaneOptions options) =>
                ResourceHandlers.DeleteAsync(id, http, state, options, kind, Path, TunnelViews.Tunnel))
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin)
            .Produces<TunnelView>(StatusCodes.Status202Accepted).Produces(StatusCodes.Status204NoContent)
            .WithSummary("Delete a tunnel: 202 while the agents remove it, 204 once gone; ?wait=SECONDS blocks until gone");
    }
}
