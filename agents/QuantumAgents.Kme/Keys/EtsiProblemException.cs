namespace QuantumAgents.Kme.Keys;

/// <summary>A request that ends in an ETSI 014 error answer: 400, 401, 429 or 503 with a message.</summary>
public sealed class EtsiProblemException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>
    /// The keys had left this KME when the request failed (the peer's answer was lost): the peer
    /// may hold them under their key IDs although the caller gets none. Such IDs are not reused.
    /// </summary>
    public bool OutcomeUnknown { get; private init; }

    /// <summary>With 429: the seconds after which the same request can succeed (the <c>Retry-After</c> header).</summary>
    public long? RetryAfterSeconds { get; private init; }

    public static EtsiProblemException BadRequest(string message) => new(400, message);
    public static EtsiProblemException Unauthorized(string message) => new(401, message);
    public static EtsiProblemException TooManyRequests(string message, long retryAfterSeconds) => new(429, message) { RetryAfterSeconds = retryAfterSeconds };
    public static EtsiProblemException Unavailable(string message) => new(503, message);
    public static EtsiProblemException UnavailableOutcomeUnknown(string message) => new(503, message) { OutcomeUnknown = true };
}
