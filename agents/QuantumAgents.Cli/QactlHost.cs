using QuantumAgents.Cli.Config;

namespace QuantumAgents.Cli;

/// <summary>
/// What qactl gets from its process: the console, the environment, and how it reaches the
/// control plane. Tests put an in-process control plane behind <see cref="ControlPlaneHandler"/>.
/// </summary>
public sealed class QactlHost
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Standard output as bytes, for <c>entropy --raw</c>.</summary>
    public required Func<Stream> OpenRawOut { get; init; }

    public required Func<string, string?> Environment { get; init; }

    /// <summary>The handler for calls to the control plane; null for a real HTTPS client.</summary>
    public Func<QactlConfig, HttpMessageHandler>? ControlPlaneHandler { get; init; }

    public static QactlHost FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        OpenRawOut = Console.OpenStandardOutput,
        Environment = System.Environment.GetEnvironmentVariable,
    };
}
