using Microsoft.AspNetCore.Http.HttpResults;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>The API's one error shape: RFC 9457 problem details whose <c>detail</c> names the field.</summary>
public static class Problems
{
    public static ProblemHttpResult Of(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);

    public static ProblemHttpResult Unauthorized() => Of(401, "a valid bearer token is required (Authorization: Bearer ...)");

    public static ProblemHttpResult Forbidden(string detail) => Of(403, detail);
}
