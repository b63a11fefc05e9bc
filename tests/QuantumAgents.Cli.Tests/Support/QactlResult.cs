namespace QuantumAgents.Cli.Tests.Support;

/// <summary>What one qactl run left behind: exit status, text on stdout and stderr, bytes written raw.</summary>
public sealed record QactlResult(int ExitCode, string Out, string Error, byte[] Raw)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}
