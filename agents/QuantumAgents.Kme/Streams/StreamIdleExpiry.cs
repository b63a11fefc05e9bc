namespace QuantumAgents.Kme.Streams;

/// <summary>Closes the ETSI 004 streams nobody has asked a key of for <c>keys.stream_idle_seconds</c>.</summary>
public sealed class StreamIdleExpiry(StreamService streams, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            // Logged by the service, stream by stream; memory only, so nothing here can fail.
            streams.CloseIdle();
        }
    }
}
