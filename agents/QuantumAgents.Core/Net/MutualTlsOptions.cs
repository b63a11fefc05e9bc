namespace QuantumAgents.Core.Net;

/// <summary>
/// What a client needs for HTTPS with mutual TLS: its own certificate and key (PEM files) and
/// the CA that the server's certificate must chain to (pinned: the system store is not used).
/// </summary>
public sealed record MutualTlsOptions(string CertificatePath, string KeyPath, string CaPath)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
