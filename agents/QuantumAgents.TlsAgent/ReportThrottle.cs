namespace QuantumAgents.TlsAgent;

/// <summary>
/// Turns many counter changes (100 connections opening at once) into at most one early report
/// per <paramref name="interval"/>; the heartbeat still reports everything in between.
/// </summary>
public sealed class ReportThrottle(Action report, TimeSpan interval)
{
    private int _pending;

    public void Signal()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            await Task.Delay(interval).ConfigureAwait(false);
            Interlocked.Exchange(ref _pending, 0);
            report();
        });
    }
}
