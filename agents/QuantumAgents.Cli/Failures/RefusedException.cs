namespace QuantumAgents.Cli.Failures;

/// <summary>The control plane or a KME said no (HTTP 4xx, exit 3); the message is its reason.</summary>
public sealed class RefusedException(int status, string message, string? body = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The answer as it came (problem details JSON), for <c>--json</c>.</summary>
    public string? Body { get; } = body;
}
