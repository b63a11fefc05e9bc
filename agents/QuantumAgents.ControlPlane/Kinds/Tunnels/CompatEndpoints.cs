using System.Globalization;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Kinds.Tunnels;

/// <summary>
/// The paper's GET-to-create style (its Listings 8 and 9), for scripts written against it:
/// <c>GET /compat/ipsec/create?a=&amp;b=&amp;a_subnets=&amp;b_subnets=</c>, <c>…/status?id=</c>,
/// <c>…/delete?id=</c>. Same validation, same resources, same answers as the REST routes.
/// </summary>
public static class CompatEndpoints
{
    public static void MapCompatEndpoints(this IEndpointRouteBuilder app, TunnelKind kind)
    {
        var ipsec = app.MapGroup("/compat/ipsec").WithTags("Compatibility (GET style)");
        ipsec.MapGet("/create", (HttpContext http, ControlState state, RequestValidator validator, ControlPlaneOptions options) =>
            {
                var wait = QueryValues.Wait(http.Request, options.MaxWaitSeconds);
                var spec = validator.Tunnel(FromQuery(http.Request));
                return ResourceHandlers.CreatedAsync(http, state, TunnelEndpoints.Path, wait, kind.CreateAsync(state, http.Caller().TenantName, spec),
                    TunnelViews.Tunnel);
            })
            .RequireCaller(CallerRole.Tenant);
        ipsec.MapGet("/status", (HttpContext http, ControlState state) =>
                ResourceHandlers.Get(RequiredId(http.Request), http, state, kind, TunnelViews.Tunnel))
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin);
        ipsec.MapGet("/delete", (HttpContext http, ControlState state, ControlPlaneOptions options) =>
                ResourceHandlers.DeleteAsync(RequiredId(http.Request), http, state, options, kind, TunnelEndpoints.Path, TunnelViews.Tunnel))
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin);
    }

    private static TunnelRequest FromQuery(HttpRequest request)
    {
        var query = request.Query;
        var rekey = query["rekey_seconds"].ToString();
        return new TunnelRequest
        {
            A = query["a"].FirstOrDefault(),
            B = query["b"].FirstOrDefault(),
            ASubnets = Subnets(query["a_subnets"]),
            BSubnets = Subnets(query["b_subnets"]),
            Auth = query["auth"].FirstOrDefault(),
            RekeySeconds = rekey.Length == 0 ? null
                : int.TryParse(rekey, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds
                : throw RequestRefusedException.BadRequest("rekey_seconds: a whole number of seconds"),
        };
    }

    /// <summary>Subnets repeated (<c>a_subnets=x&amp;a_subnets=y</c>) or comma-separated.</summary>
    private static List<string>? Subnets(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static string RequiredId(HttpRequest request) =>
        request.Query["id"] is { Count: 1 } id && !string.IsNullOrEmpty(id[0]) ? id[0]! : throw RequestRefusedException.BadRequest("id: required");
}
