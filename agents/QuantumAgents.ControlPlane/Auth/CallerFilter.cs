using QuantumAgents.ControlPlane.Api;

namespace QuantumAgents.ControlPlane.Auth;

/// <summary>
/// Lets a request through only for the given roles: no or an unknown token → 401, a known
/// token of the wrong role → 403. The caller is left in <see cref="HttpContext.Items"/>.
/// </summary>
public static class CallerFilter
{
    private const string ItemKey = "qa.caller";

    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, params CallerRole[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = http.RequestServices.GetRequiredService<BearerAuthenticator>().Authenticate(http.Request.Headers.Authorization);
            if (caller is null)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.Unauthorized();
            }
            http.Items[ItemKey] = caller;
            if (!roles.Contains(caller.Role))
            {
                return Problems.Forbidden($"a {caller.Role.ToString().ToLowerInvariant()} token may not use this route");
            }
            return await next(context).ConfigureAwait(false);
        });

    public static Caller Caller(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var caller) && caller is Caller c ? c : throw new InvalidOperationException("route without RequireCaller");

    public static Caller? CallerOrNull(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var caller) ? caller as Caller : null;
}
