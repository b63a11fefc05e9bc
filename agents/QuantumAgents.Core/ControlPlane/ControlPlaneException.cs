namespace QuantumAgents.Core.ControlPlane;

/// <summary>The control plane could not be reached, or refused a call (the status says which).</summary>
public sealed class ControlPlaneException : Exception
{
    public ControlPlaneException()
    {
    }

    public ControlPlaneException(string message) : base(message)
    {
    }

    public ControlPlaneException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The HTTP status, or 0 when there was no answer.</summary>
    public int StatusCode { get; init; }
}
