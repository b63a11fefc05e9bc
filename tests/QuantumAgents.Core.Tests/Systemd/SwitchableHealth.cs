using QuantumAgents.Core.Systemd;

namespace QuantumAgents.Core.Tests.Systemd;

/// <summary>A health check the test turns bad and good again, like a loop that wedges and recovers.</summary>
public sealed class SwitchableHealth : IWatchdogHealth
{
    private volatile string? _problem;

    public void Fail(string problem) => _problem = problem;

    public void Recover() => _problem = null;

    public string? CurrentProblem() => _problem;
}
