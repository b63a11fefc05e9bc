using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Kinds.TlsSessions;

/// <summary><c>/api/v1/tls/sessions</c>: a port on one node, carried over QKD-keyed TLS-PSK to a target behind another.</summary>
public static class TlsSessionEndpoints
{
    public const string Path = "/api/v1/tls/sessions";

    public static void MapTlsSessionEndpoints(this IEndpointRouteBuilder app, TlsSessionKind kind)
    {
        var sessions = app.MapGroup(Path).WithTags("TLS sessions");
        sessions.MapPost("/", async (HttpContext http, ControlState state, RequestValidator validator, ControlPlaneOptions options) =>
            {
                var wait = QueryValues.Wait(http.Request, options.MaxWaitSeconds);
                var spec = validator.TlsSession(await JsonBody.ReadAsync(http.Request, ControlJsonContext.Default.TlsSessionRequest).ConfigureAwait(false));
                return await ResourceHandlers.CreatedAsync(http, state, Path, wait, kind.CreateAsync(state, http.Caller().TenantName, spec),
                    TlsSessionViews.TlsSession).ConfigureAwait(false);
            })
            .RequireCaller(CallerRole.Tenant)
            .Accepts<TlsSessionRequest>("application/json").Produces<TlsSessionView>(StatusCodes.Status201Created)
            .WithSummary("Create a session; ?wait=SECONDS blocks until it is established or failed");
        sessions.MapGet("/", (HttpContext http, ControlState state) =>
                TypedResults.Ok(new TlsSessionList(ResourceHandlers.List(http, state, kind, TlsSessionViews.TlsSession))))
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin);
        sessions.MapGet("/{id}", (string id, HttpContext http, ControlState state) =>
                ResourceHandlers.Get(id, http, state, kind, TlsSessionViews.TlsSession))
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin).Produces<TlsSessionView>();
        sessions.MapDelete("/{id}", (string id, HttpContext http, ControlState state, ControlPlaneOptions options) =>
                ResourceHandlers.DeleteAsync(id, http, state, options, kind, Path, TlsSessionViews.TlsSession))
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin)
            .Produces<TlsSessionView>(StatusCodes.Status202Accepted).Produces(StatusCodes.Status204NoContent)
            .WithSummary("Delete a session: 202 while the agents remove it, 204 once gone; ?wait=SECONDS blocks until gone");
    }
}
