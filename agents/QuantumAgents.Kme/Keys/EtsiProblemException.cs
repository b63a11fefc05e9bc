namespace QuantumAgents.Kme.Keys;

/// <summary>A request that ends in an ETSI 014 error answer: 400, 401 or 503 with a message.</summary>
public sealed class EtsiProblemException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static EtsiProblemException BadRequest(string message) => new(400, message);
    public static EtsiProblemException Unauthorized(string message) => new(401, message);
    public static EtsiProblemException Unavailable(string message) => new(503, message);
}
