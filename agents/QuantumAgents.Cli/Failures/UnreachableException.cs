namespace QuantumAgents.Cli.Failures;

/// <summary>No usable answer (exit 4): not reachable, timed out, TLS failed or a server error.</summary>
public sealed class UnreachableException(string message, Exception? inner = null, string? body = null) : Exception(message, inner)
{
    /// <summary>The server's answer, if it gave one (a 5xx's problem details), for <c>--json</c>.</summary>
    public string? Body { get; } = body;
}
