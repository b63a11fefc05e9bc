using System.Net;
using QuantumAgents.ControlPlane.Auth;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// A route of the API as the authorization matrix sees it: its method and pattern (as the app's
/// endpoint data source names it), who may call it, what an allowed caller gets, and how to
/// build a request for it. A fresh request is built for every caller, so one caller's
/// DELETE cannot change what the next one sees.
/// </summary>
/// <param name="Roles">The roles let through; empty for a public route.</param>
/// <param name="OwnedByTenant">The route names the <see cref="MatrixCaller.Tenant"/>'s resource: another tenant gets 404.</param>
public sealed record RouteProbe(
    string Method, string Pattern, IReadOnlyList<CallerRole> Roles, bool OwnedByTenant, HttpStatusCode Allowed, Func<ProbeScene, Task<ProbeRequest>> Build)
{
    public string Key => $"{Method} {Pattern}";

    public bool IsPublic => Roles.Count == 0;

    public HttpStatusCode ExpectedFor(MatrixCaller caller)
    {
        if (IsPublic)
        {
            return Allowed;
        }
        CallerRole? role = caller switch
        {
            MatrixCaller.Admin => CallerRole.Admin,
            MatrixCaller.Tenant or MatrixCaller.OtherTenant => CallerRole.Tenant,
            MatrixCaller.OwnNode or MatrixCaller.OtherNode => CallerRole.Node,
            _ => null,
        };
        return role switch
        {
            null => HttpStatusCode.Unauthorized,
            { } r when !Roles.Contains(r) => HttpStatusCode.Forbidden,
            // Only agent routes let nodes in, and only for the node the path names.
            _ when caller == MatrixCaller.OtherNode => HttpStatusCode.Forbidden,
            _ when caller == MatrixCaller.OtherTenant && OwnedByTenant => HttpStatusCode.NotFound,
            _ => Allowed,
        };
    }

    public override string ToString() => Key;
}
