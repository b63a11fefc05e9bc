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

    public static RequestRefusedException BadRequest(string message) => new(400, message);

    public static RequestRefusedException NotFound(string message) => new(404, message);

    public static RequestRefusedException Conflict(string message) => new(409, message);
}
