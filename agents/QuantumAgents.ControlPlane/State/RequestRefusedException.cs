namespace QuantumAgents.ControlPlane.State;

/// <summary>A request the control plane will not carry out, with the HTTP status and a message naming the field.</summary>
public sealed class RequestRefusedException : Exception
{
    public RequestRefusedException()
    {
    }

    public RequestRefusedException(string message) : base(message)
    {
    }

    public RequestRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    private RequestRefusedException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public int StatusCode { get; } = 400;

    /// <summary>For 429: when asking again can succeed, sent as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; private init; }

    public static RequestRefusedException BadRequest(string message) => new(400, message);

    /// <summary>403: the caller is who it says, but what it asks for is not theirs.</summary>
    public static RequestRefusedException Forbidden(string message) => new(403, message);

    public static RequestRefusedException NotFound(string message) => new(404, message);

    public static RequestRefusedException Conflict(string message) => new(409, message);

    public static RequestRefusedException TooManyRequests(string message, int retryAfterSeconds) =>
        new(429, message) { RetryAfterSeconds = retryAfterSeconds };
}
