namespace QuantumAgents.Core.Agents;

/// <summary>
/// Turns many small changes (100 connections opening at once) into at most one early report
/// per <paramref name="interval"/>; the heartbeat still reports everything in between.
/// </summary>
/// <param name="report">Usually <see cref="ControlPlane.ReconcileTrigger.NudgeToReport"/>.</param>
public sealed class ReportThrottle(Action report, TimeSpan interval, TimeProvider time)
{
    private int _pending;

    public void Signal()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }
        _ = ReportAfterIntervalAsync();
    }

    private async Task ReportAfterIntervalAsync()
    {
        await Task.Delay(interval, time).ConfigureAwait(false);
        Interlocked.Exchange(ref _pending, 0);
        report();
    }
}
