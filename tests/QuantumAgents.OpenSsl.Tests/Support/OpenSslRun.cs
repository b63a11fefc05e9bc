namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>What a finished openssl run printed.</summary>
public sealed record OpenSslRun(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;
}
