using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

/// <summary><c>GET /api/v1/usage</c>: metered use, a tenant its own, the admin every tenant's.</summary>
public static class UsageEndpoints
{
    public static void MapUsageEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/usage", (HttpContext http, ControlState state) =>
            {
                var caller = http.Caller();
                var usage = state.Usage(caller.Role == CallerRole.Tenant ? caller.Name : null);
                return TypedResults.Ok(new UsageView([.. usage.Select(u => new TenantUsageView(u.Tenant, u.Usage.TunnelsCreated, u.Usage.SessionsCreated,
                    u.Usage.TunnelSeconds, u.Usage.SessionSeconds, u.Usage.EntropyBytes, u.Usage.EntropyRequests,
                    u.Usage.QkdBits, u.Usage.QkdDayBits, Math.Round(u.CommittedBitsPerSecond, 3), new QuotaView(u.Quota.BitsPerSecond, u.Quota.BitsPerDay)))]));
            })
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin).WithTags("Usage");
}
