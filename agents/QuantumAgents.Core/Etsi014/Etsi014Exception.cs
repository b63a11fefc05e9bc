using System.Net;

namespace QuantumAgents.Core.Etsi014;

/// <summary>The KME answered with an ETSI 014 error (400, 401, 503, ...).</summary>
public sealed class Etsi014Exception(HttpStatusCode statusCode, string message, IReadOnlyList<string> details)
    : Exception($"KME answered {(int)statusCode}: {message}{(details.Count > 0 ? " (" + string.Join("; ", details) + ")" : "")}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
    public string KmeMessage { get; } = message;
    public IReadOnlyList<string> Details { get; } = details;
}
